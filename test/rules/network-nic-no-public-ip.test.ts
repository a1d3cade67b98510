import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/domain';
import { networkNicNoPublicIp as rule } from '../../src/rules/network-nic-no-public-ip';
import { armSnapshot, ruleContext } from '../support/rule-snapshots';

const context = ruleContext();
const PIP = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip';

const nic = (ipConfigurations: unknown): Snapshot =>
  armSnapshot('Microsoft.Network/networkInterfaces', 'nic', { properties: { ipConfigurations } });

const config = (name: string, publicIPAddress?: unknown) => ({
  name,
  properties: {
    privateIPAddress: '10.0.0.4',
    ...(publicIPAddress !== undefined && { publicIPAddress }),
  },
});

describe('network-nic-no-public-ip', () => {
  it('asks for approval to dissociate', () => {
    expect(rule.metadata.remedy.actionId).toBe('network-nic-dissociate-public-ip');
    expect(rule.metadata.defaultMode).toBe('approve');
  });

  it('fails with one evidence entry per ip configuration that has a public IP', () => {
    const outcome = rule.evaluate(
      nic([
        config('ipconfig1', { id: PIP }),
        config('ipconfig2'),
        config('ipconfig3', { id: `${PIP}3` }),
      ]),
      context,
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'Public IP associated with ip configurations ipconfig1, ipconfig3.',
    );
    expect(outcome.evidence.map((e) => [e.path, e.actual, e.expected])).toEqual([
      ['properties.ipConfigurations[0].properties.publicIPAddress.id', PIP, 'no public IP address'],
      [
        'properties.ipConfigurations[2].properties.publicIPAddress.id',
        `${PIP}3`,
        'no public IP address',
      ],
    ]);
    expect(outcome.evidence[0]?.note).toMatch(/ipconfig1 is reachable from the internet/);
  });

  it.each([
    ['no publicIPAddress', [config('ipconfig1'), config('ipconfig2')]],
    ['publicIPAddress null', [config('ipconfig1', null)]],
    ['no ip configurations', []],
  ])('passes with %s', (_what, configs) => {
    const outcome = rule.evaluate(nic(configs), context);
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toHaveLength(configs.length);
  });

  it.each([
    ['ipConfigurations is absent', undefined],
    ['ipConfigurations is an object', { name: 'ipconfig1' }],
    ['an ip configuration is a string', ['ipconfig1']],
    ['publicIPAddress has no id', [config('ipconfig1', {})]],
    ['publicIPAddress.id is a number', [config('ipconfig1', { id: 42 })]],
  ])('answers error when %s', (_what, configs) => {
    expect(rule.evaluate(nic(configs), context).status).toBe('error');
  });
});
