import { describe, expect, it } from 'vitest';
import { mlWorkspaceCmkEncryption as rule } from '../../src/rules/ml-workspace-cmk-encryption';
import type { Case } from './ml-fixture-snapshots';
import { CONTEXT, fixtureSnapshot, itJudgesEachCase, withProperty } from './ml-fixture-snapshots';

const RULE = 'ml-workspace-cmk-encryption';
const PATH = 'properties.encryption.status';
const KEY_PATH = 'properties.encryption.keyVaultProperties.keyIdentifier';
const KEY = 'https://testkv.vault.azure.net/keys/testkey/aabbccddee112233445566778899aabb';
const workspace = fixtureSnapshot(RULE, 'pass-customer-managed-key');

const cases: Case[] = [
  {
    name: 'customer-managed key',
    snapshot: workspace,
    status: 'pass',
    message: /encrypted with a customer-managed key/,
    evidence: [
      { path: PATH, actual: 'Enabled', expected: 'Enabled' },
      { path: KEY_PATH, actual: KEY, expected: 'a Key Vault key URL' },
    ],
  },
  {
    name: 'status echoed in lower case on a hub',
    snapshot: fixtureSnapshot(RULE, 'pass-hub-enabled-lowercase'),
    status: 'pass',
    message: /customer-managed key/,
    evidence: [
      { path: PATH, actual: 'enabled', expected: 'Enabled' },
      { path: KEY_PATH, actual: KEY, expected: 'a Key Vault key URL' },
    ],
  },
  {
    name: 'no encryption block: Microsoft-managed keys',
    snapshot: fixtureSnapshot(RULE, 'fail-encryption-absent'),
    status: 'fail',
    message: /Microsoft-managed keys/,
    evidence: [{ path: PATH, actual: undefined, expected: 'Enabled', note: /service default/ }],
  },
  {
    name: 'status Disabled',
    snapshot: fixtureSnapshot(RULE, 'fail-status-disabled'),
    status: 'fail',
    message: /encryption is disabled/,
    evidence: [{ path: PATH, actual: 'Disabled', expected: 'Enabled', note: /Chosen at creation/ }],
  },
  {
    name: 'project workspace (kind in another case)',
    snapshot: withProperty(fixtureSnapshot(RULE, 'skip-project-workspace'), 'kind', 'project'),
    status: 'skip',
    message: /Project workspaces use their hub's encryption/,
    evidence: [{ path: 'kind', actual: 'project', expected: 'Default or Hub' }],
  },
  {
    name: 'status not a string',
    snapshot: withProperty(workspace, PATH, 1),
    status: 'error',
    message: /is not a string/,
    evidence: [{ path: PATH, actual: 1, expected: 'Enabled' }],
  },
];

describe(RULE, () => {
  itJudgesEachCase(rule, cases);

  it('skips every workspace when config does not require customer-managed keys', () => {
    const context = {
      ...CONTEXT,
      settings: { ...CONTEXT.settings, requireCustomerManagedKey: false },
    };
    const outcome = rule.evaluate(fixtureSnapshot(RULE, 'fail-encryption-absent'), context);
    expect(outcome).toEqual({
      status: 'skip',
      message: expect.stringMatching(/not required by config/),
      evidence: [],
    });
  });
});
