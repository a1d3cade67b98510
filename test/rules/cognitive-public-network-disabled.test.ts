import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/domain';
import { cognitivePublicNetworkDisabled as rule } from '../../src/rules/cognitive-public-network-disabled';
import { armSnapshot, ruleContext } from '../support/rule-snapshots';

const context = ruleContext();

const account = (properties: Record<string, unknown>): Snapshot =>
  armSnapshot('Microsoft.CognitiveServices/accounts', 'oai', { kind: 'OpenAI', properties });

const acls = (defaultAction: unknown) => ({ networkAcls: { defaultAction, ipRules: [] } });

describe('cognitive-public-network-disabled', () => {
  it('asks for approval to disable public network access', () => {
    expect(rule.metadata.remedy.actionId).toBe('cognitive-disable-public-network');
    expect(rule.metadata.defaultMode).toBe('approve');
  });

  it.each([
    ['Disabled', { publicNetworkAccess: 'Disabled' }, 'pass'],
    ['disabled', { publicNetworkAccess: 'disabled' }, 'pass'],
    ['Enabled with networkAcls Deny', { publicNetworkAccess: 'Enabled', ...acls('Deny') }, 'pass'],
    ['enabled with networkAcls DENY', { publicNetworkAccess: 'enabled', ...acls('DENY') }, 'pass'],
    [
      'Enabled with networkAcls Allow',
      { publicNetworkAccess: 'Enabled', ...acls('Allow') },
      'fail',
    ],
    ['Enabled without networkAcls', { publicNetworkAccess: 'Enabled' }, 'fail'],
    ['absent', {}, 'fail'],
    ['an unknown value', { publicNetworkAccess: 'Open' }, 'error'],
    [
      'Enabled with a numeric defaultAction',
      { publicNetworkAccess: 'Enabled', ...acls(1) },
      'error',
    ],
  ])('publicNetworkAccess %s → %s', (_what, properties, status) => {
    expect(rule.evaluate(account(properties), context).status).toBe(status);
  });

  it('explains why network rules that deny by default pass', () => {
    const outcome = rule.evaluate(
      account({ publicNetworkAccess: 'Enabled', ...acls('Deny') }),
      context,
    );
    expect(outcome.message).toMatch(/only the listed IP ranges and virtual networks/);
  });

  it('notes the Enabled default and the missing network rules when absent', () => {
    const outcome = rule.evaluate(account({}), context);
    expect(outcome.evidence).toEqual([
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
        note: 'Absent means no network rules: every public network is allowed.',
      },
    ]);
  });
});
