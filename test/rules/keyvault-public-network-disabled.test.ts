import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/domain';
import { keyvaultPublicNetworkDisabled as rule } from '../../src/rules/keyvault-public-network-disabled';
import { armSnapshot, ruleContext } from '../support/rule-snapshots';

const context = ruleContext();

const vault = (properties: Record<string, unknown>): Snapshot =>
  armSnapshot('Microsoft.KeyVault/vaults', 'kv', { properties });

const acls = (defaultAction: unknown) => ({
  networkAcls: { bypass: 'AzureServices', defaultAction },
});

describe('keyvault-public-network-disabled', () => {
  it('asks for approval to disable public network access', () => {
    expect(rule.metadata.remedy.actionId).toBe('keyvault-disable-public-network');
    expect(rule.metadata.defaultMode).toBe('approve');
  });

  it.each([
    ['Disabled', { publicNetworkAccess: 'Disabled' }, 'pass', /disabled/],
    ['disabled (lower case)', { publicNetworkAccess: 'disabled' }, 'pass', /disabled/],
    [
      'Disabled with an Allow firewall',
      { publicNetworkAccess: 'Disabled', ...acls('Allow') },
      'pass',
      /disabled/,
    ],
    [
      'Enabled, firewall Deny',
      { publicNetworkAccess: 'Enabled', ...acls('Deny') },
      'pass',
      /firewall denies by default/,
    ],
    [
      'ENABLED, firewall deny',
      { publicNetworkAccess: 'ENABLED', ...acls('deny') },
      'pass',
      /firewall/,
    ],
    ['absent, firewall Deny', acls('Deny'), 'pass', /firewall/],
    [
      'Enabled, firewall Allow',
      { publicNetworkAccess: 'Enabled', ...acls('Allow') },
      'fail',
      /any public network/,
    ],
    ['Enabled, no firewall', { publicNetworkAccess: 'Enabled' }, 'fail', /any public network/],
    ['absent, no firewall', {}, 'fail', /any public network/],
    ['null, no firewall', { publicNetworkAccess: null }, 'fail', /any public network/],
    ['an unknown value', { publicNetworkAccess: 'SecuredByPerimeter' }, 'error', /neither/],
    ['a boolean', { publicNetworkAccess: false }, 'error', /neither/],
    [
      'Enabled, firewall Block',
      { publicNetworkAccess: 'Enabled', ...acls('Block') },
      'error',
      /neither/,
    ],
  ])('publicNetworkAccess %s → %s', (_what, properties, status, message) => {
    const outcome = rule.evaluate(vault(properties), context);
    expect(outcome.status).toBe(status);
    expect(outcome.message).toMatch(message);
  });

  it('shows both paths and notes the service defaults when the vault is open', () => {
    expect(rule.evaluate(vault({}), context).evidence).toEqual([
      {
        path: 'properties.publicNetworkAccess',
        actual: undefined,
        expected: 'Disabled',
        note: 'Absent means the service default: Enabled (public networks may connect).',
      },
      {
        path: 'properties.networkAcls.defaultAction',
        actual: undefined,
        expected: 'Deny (when public network access is Enabled)',
        note: 'Absent means no firewall: every public network is allowed.',
      },
    ]);
  });

  it('explains a firewall pass with the defaultAction evidence', () => {
    const outcome = rule.evaluate(
      vault({ publicNetworkAccess: 'Enabled', ...acls('Deny') }),
      context,
    );
    expect(outcome.evidence.map((e) => [e.path, e.actual])).toEqual([
      ['properties.publicNetworkAccess', 'Enabled'],
      ['properties.networkAcls.defaultAction', 'Deny'],
    ]);
  });
});
