import { describe, expect, it } from 'vitest';
import type { DecisionReasonCode, DecisionVerb, Mode } from '../../src/domain';
import { decide, DecideError, effectiveMode } from '../../src/decide';
import type { DecideInput } from '../../src/decide';
import {
  NOW,
  RG,
  SHARED_KEY_RULE,
  STORAGE,
  SUB,
  TLS_RULE,
  PURGE_RULE,
  finding,
  input,
  policy,
  tagPolicy,
} from './support';

interface Case {
  name: string;
  given: Partial<DecideInput>;
  verb: DecisionVerb;
  mode: Mode;
  codes: DecisionReasonCode[];
  dryRun?: boolean;
  /** A fragment each reason's text must hold, in order (where it matters). */
  texts?: (string | RegExp)[];
}

const future = '2026-12-31';
const past = '2026-11-01';

const cases: Case[] = [
  // Mode resolution.
  {
    name: 'rule default auto remediates',
    given: {},
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode'],
    texts: [/default of storage-min-tls-1-2/],
  },
  {
    name: 'policy.rules overrides the default',
    given: { policy: policy({ rules: { 'storage-min-tls-1-2': { mode: 'approve' } } }) },
    verb: 'request-approval',
    mode: 'approve',
    codes: ['mode'],
    texts: [/policy rules/],
  },
  {
    name: "a scope's mode overrides policy.rules",
    given: {
      policy: policy({
        rules: { 'storage-min-tls-1-2': { mode: 'approve' } },
        scopes: [{ scope: SUB, mode: 'audit' }],
      }),
    },
    verb: 'record',
    mode: 'audit',
    codes: ['mode'],
    texts: [`every rule in scope ${SUB}`],
  },
  {
    name: "a scope's rules[id] beats the same scope's mode",
    given: {
      policy: policy({
        scopes: [
          { scope: SUB, mode: 'audit', rules: { 'storage-min-tls-1-2': { mode: 'ticket' } } },
        ],
      }),
    },
    verb: 'open-ticket',
    mode: 'ticket',
    codes: ['mode'],
    texts: [`for storage-min-tls-1-2 in scope ${SUB}`],
  },
  {
    name: 'the most specific scope wins, whatever the order in the file',
    given: {
      policy: policy({
        scopes: [
          { scope: RG, mode: 'approve' },
          { scope: SUB, rules: { 'storage-min-tls-1-2': { mode: 'audit' } } },
        ],
      }),
    },
    verb: 'request-approval',
    mode: 'approve',
    codes: ['mode'],
    texts: [RG],
  },
  {
    name: 'scopes match case-insensitively',
    given: { policy: policy({ scopes: [{ scope: RG.toUpperCase(), mode: 'ticket' }] }) },
    verb: 'open-ticket',
    mode: 'ticket',
    codes: ['mode'],
  },
  {
    name: 'scopes match by whole segments (/rg-m does not cover /rg-ml)',
    given: {
      policy: policy({ scopes: [{ scope: `${SUB}/resourceGroups/rg-m`, mode: 'off' }] }),
    },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode'],
  },
  {
    name: 'a deeper scope silent about the rule falls through to a shallower one',
    given: {
      policy: policy({
        scopes: [
          { scope: SUB, mode: 'ticket' },
          { scope: RG, rules: { 'storage-shared-key-disabled': { mode: 'audit' } } },
        ],
      }),
    },
    verb: 'open-ticket',
    mode: 'ticket',
    codes: ['mode'],
    texts: [SUB],
  },
  {
    name: 'audit records',
    given: { policy: policy({ rules: { 'storage-min-tls-1-2': { mode: 'audit' } } }) },
    verb: 'record',
    mode: 'audit',
    codes: ['mode'],
  },
  // Off.
  {
    name: 'off does nothing, even with guardrails that would apply',
    given: {
      policy: policy({
        scopes: [{ scope: RG, rules: { 'storage-min-tls-1-2': { mode: 'off' } } }],
        guardrails: { protectedScopes: [SUB] },
      }),
      fixesInWindow: 99,
    },
    verb: 'none',
    mode: 'off',
    codes: ['mode', 'rule-off'],
  },
  // Exemption tags.
  {
    name: 'a ward-exempt tag naming the rule with a future expiry records',
    given: {
      policy: tagPolicy(),
      resourceTags: {
        'ward-exempt': 'storage-shared-key-disabled, storage-min-tls-1-2',
        'ward-exempt-until': future,
      },
    },
    verb: 'record',
    mode: 'audit',
    codes: ['mode', 'exempt-tag'],
    texts: [
      '',
      /until 2026-12-31T00:00:00.000Z \(policy maximum 90 days\); tag set by an unknown principal/,
    ],
  },
  {
    name: 'ward-exempt * with tag names in any case',
    given: {
      policy: tagPolicy(),
      resourceTags: { 'Ward-Exempt': '*', 'WARD-EXEMPT-UNTIL': '2026-11-24T00:00:00+01:00' },
    },
    verb: 'record',
    mode: 'audit',
    codes: ['mode', 'exempt-tag'],
  },
  {
    name: 'a ward-exempt tag without an expiry exempts nothing and says why',
    given: { policy: tagPolicy(), resourceTags: { 'ward-exempt': 'storage-min-tls-1-2' } },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode', 'exempt-tag-invalid'],
    texts: ['', /ward-exempt-until is missing/],
  },
  {
    name: 'an unreadable expiry exempts nothing',
    given: {
      policy: tagPolicy(),
      resourceTags: { 'ward-exempt': '*', 'ward-exempt-until': 'next tuesday' },
    },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode', 'exempt-tag-invalid'],
    texts: ['', /"next tuesday" is not an ISO date/],
  },
  {
    name: 'an impossible date exempts nothing',
    given: {
      policy: tagPolicy(),
      resourceTags: { 'ward-exempt': '*', 'ward-exempt-until': '2026-02-30' },
    },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode', 'exempt-tag-invalid'],
  },
  {
    name: 'an expired tag exempts nothing',
    given: { policy: tagPolicy(), resourceTags: { 'ward-exempt': '*', 'ward-exempt-until': past } },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode', 'exempt-tag-invalid'],
    texts: ['', /expired at 2026-11-01/],
  },
  {
    name: 'a tag that exempts other rules says nothing',
    given: {
      policy: tagPolicy(),
      resourceTags: { 'ward-exempt': 'storage-shared-key-disabled', 'ward-exempt-until': future },
    },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode'],
  },
  // Tag exemptions are the policy's to allow: the person making a change can also tag it.
  {
    name: 'by default a tag exempts nothing, whatever it says: the fix goes ahead',
    given: { resourceTags: { 'ward-exempt': '*', 'ward-exempt-until': '9999-12-31' } },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode', 'exempt-tag-refused'],
    texts: ['', /tag exemptions are off in the policy .*exemption record/],
  },
  {
    name: 'an allowed tag longer than the policy maximum exempts nothing',
    given: {
      policy: tagPolicy(),
      resourceTags: { 'ward-exempt': '*', 'ward-exempt-until': '9999-12-31' },
    },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode', 'exempt-tag-refused'],
    texts: ['', /more than 90 days away \(tagExemptions.maxDays\)/],
  },
  {
    name: 'a lower maxDays caps a tag that the default would allow',
    given: {
      policy: tagPolicy({ tagExemptions: { maxDays: 30 } }),
      resourceTags: { 'ward-exempt': '*', 'ward-exempt-until': future },
    },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode', 'exempt-tag-refused'],
    texts: ['', /more than 30 days away/],
  },
  {
    name: 'no tag exempts a high-severity finding by default: an approver is still asked',
    given: {
      rule: PURGE_RULE,
      finding: finding(PURGE_RULE.id),
      policy: tagPolicy(),
      resourceTags: { 'ward-exempt': '*', 'ward-exempt-until': future },
    },
    verb: 'request-approval',
    mode: 'approve',
    codes: ['mode', 'exempt-tag-refused'],
    texts: ['', /does not let a tag exempt a high finding/],
  },
  {
    name: 'a rule of unknown severity is never exempted by tag',
    given: {
      rule: { id: TLS_RULE.id, defaultMode: TLS_RULE.defaultMode, remedy: TLS_RULE.remedy },
      policy: tagPolicy(),
      resourceTags: { 'ward-exempt': '*', 'ward-exempt-until': future },
    },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode', 'exempt-tag-refused'],
  },
  {
    name: 'a policy listing high lets a tag exempt a high-severity finding',
    given: {
      rule: PURGE_RULE,
      finding: finding(PURGE_RULE.id),
      policy: tagPolicy({ tagExemptions: { severities: ['high'] } }),
      resourceTags: { 'ward-exempt': PURGE_RULE.id, 'ward-exempt-until': future },
    },
    verb: 'record',
    mode: 'audit',
    codes: ['mode', 'exempt-tag'],
  },
  {
    name: 'a policy listing rules lets a tag exempt only those',
    given: {
      policy: tagPolicy({ tagExemptions: { rules: ['storage-shared-key-disabled'] } }),
      resourceTags: { 'ward-exempt': '*', 'ward-exempt-until': future },
    },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode', 'exempt-tag-refused'],
    texts: ['', /does not let a tag exempt storage-min-tls-1-2 \(tagExemptions.rules\)/],
  },
  {
    name: "the exemption names who set the tag, from the event's claims",
    given: {
      policy: tagPolicy(),
      changedBy: { objectId: 'oid-alice', upn: 'alice@contoso.example' },
      resourceTags: { 'ward-exempt': '*', 'ward-exempt-until': future },
    },
    verb: 'record',
    mode: 'audit',
    codes: ['mode', 'exempt-tag'],
    texts: [
      '',
      /tag set by alice@contoso.example \(object id oid-alice\), from the event's claims/,
    ],
  },
  // Vault writes withheld by the policy.
  {
    name: 'a fix needing vaults/write opens a ticket when the policy withholds vault writes',
    given: {
      rule: PURGE_RULE,
      finding: finding(PURGE_RULE.id),
      policy: policy({ vaultWrites: { enabled: false } }),
    },
    verb: 'open-ticket',
    mode: 'ticket',
    codes: ['mode', 'vault-writes-off'],
    texts: ['', /needs Microsoft.KeyVault\/vaults\/write/],
  },
  {
    name: 'with vault writes on (the default) that fix is asked for as before',
    given: { rule: PURGE_RULE, finding: finding(PURGE_RULE.id) },
    verb: 'request-approval',
    mode: 'approve',
    codes: ['mode'],
  },
  // Exemption records.
  {
    name: 'a stored exemption over the resource records',
    given: {
      activeExemptions: [
        {
          id: '01JDX0000000000000000000AA',
          ruleId: '*',
          scope: RG,
          reason: 'pilot',
          expires: future,
          createdBy: 'ops',
        },
      ],
    },
    verb: 'record',
    mode: 'audit',
    codes: ['mode', 'exempt-record'],
    texts: ['', /exemption 01JDX0000000000000000000AA for every rule .* by ops .*: pilot/],
  },
  {
    name: 'a policy-file exemption records',
    given: {
      policy: policy({
        exemptions: [
          { ruleId: 'storage-min-tls-1-2', scope: SUB, reason: 'legacy clients', expires: future },
        ],
      }),
    },
    verb: 'record',
    mode: 'audit',
    codes: ['mode', 'exempt-record'],
    texts: ['', /policy exemption .*legacy clients/],
  },
  {
    name: 'tag and record both apply: both reasons',
    given: {
      policy: tagPolicy(),
      resourceTags: { 'ward-exempt': '*', 'ward-exempt-until': future },
      activeExemptions: [
        { ruleId: 'storage-min-tls-1-2', scope: STORAGE, reason: 'r', expires: future },
      ],
    },
    verb: 'record',
    mode: 'audit',
    codes: ['mode', 'exempt-tag', 'exempt-record'],
  },
  {
    name: 'records for other rules, other scopes or past their expiry are ignored',
    given: {
      activeExemptions: [
        { ruleId: 'storage-shared-key-disabled', scope: RG, reason: 'other rule', expires: future },
        {
          ruleId: '*',
          scope: `${SUB}/resourceGroups/rg-other`,
          reason: 'other scope',
          expires: future,
        },
        { ruleId: '*', scope: RG, reason: 'expired', expires: past },
      ],
    },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode'],
  },
  // ward's own change.
  {
    name: "ward's own change is recorded and starts nothing",
    given: { ownPrincipal: true },
    verb: 'record',
    mode: 'audit',
    codes: ['mode', 'own-change'],
  },
  // No action.
  {
    name: 'auto without a remediation action opens a ticket',
    given: { rule: { ...SHARED_KEY_RULE, defaultMode: 'auto' } },
    verb: 'open-ticket',
    mode: 'ticket',
    codes: ['mode', 'no-action'],
  },
  {
    name: 'ticket mode without an action is simply a ticket',
    given: { rule: SHARED_KEY_RULE },
    verb: 'open-ticket',
    mode: 'ticket',
    codes: ['mode'],
  },
  // Protected scopes.
  {
    name: 'a protected scope turns auto into approve',
    given: { policy: policy({ guardrails: { protectedScopes: [RG.toLowerCase()] } }) },
    verb: 'request-approval',
    mode: 'approve',
    codes: ['mode', 'protected-scope'],
    texts: ['', RG.toLowerCase()],
  },
  {
    name: 'a protected scope leaves ticket mode alone',
    given: {
      policy: policy({
        rules: { 'storage-min-tls-1-2': { mode: 'ticket' } },
        guardrails: { protectedScopes: [SUB] },
      }),
    },
    verb: 'open-ticket',
    mode: 'ticket',
    codes: ['mode'],
  },
  // Flapping.
  {
    name: 'fixes in window at the threshold: stop fixing, open a ticket',
    given: { fixesInWindow: 3 },
    verb: 'open-ticket',
    mode: 'ticket',
    codes: ['mode', 'flapping'],
    texts: ['', /3 times in the last 1440 minutes \(threshold 3\)/],
  },
  {
    name: 'fixes below the threshold: fix again',
    given: { fixesInWindow: 2 },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode'],
  },
  {
    name: 'flapping stops approvals too',
    given: {
      policy: policy({
        rules: { 'storage-min-tls-1-2': { mode: 'approve' } },
        guardrails: { flap: { threshold: 2 } },
      }),
      fixesInWindow: 2,
    },
    verb: 'open-ticket',
    mode: 'ticket',
    codes: ['mode', 'flapping'],
  },
  {
    name: 'protected and flapping: both reasons, ticket',
    given: { policy: policy({ guardrails: { protectedScopes: [SUB] } }), fixesInWindow: 5 },
    verb: 'open-ticket',
    mode: 'ticket',
    codes: ['mode', 'protected-scope', 'flapping'],
  },
  // Budget.
  {
    name: 'a spent budget turns auto into approve',
    given: { budget: { allowed: false, used: 20, limit: 20 } },
    verb: 'request-approval',
    mode: 'approve',
    codes: ['mode', 'budget-exhausted'],
    texts: ['', /20 of 20/],
  },
  {
    name: 'an unknown budget fails closed',
    given: { budget: 'unknown' },
    verb: 'request-approval',
    mode: 'approve',
    codes: ['mode', 'budget-exhausted'],
    texts: ['', /could not be read/],
  },
  {
    name: 'approve mode does not spend budget, so a spent budget says nothing',
    given: {
      policy: policy({ rules: { 'storage-min-tls-1-2': { mode: 'approve' } } }),
      budget: { allowed: false, used: 20, limit: 20 },
    },
    verb: 'request-approval',
    mode: 'approve',
    codes: ['mode'],
  },
  {
    name: 'protected scope comes first; the budget no longer applies',
    given: {
      policy: policy({ guardrails: { protectedScopes: [SUB] } }),
      budget: { allowed: false, used: 1, limit: 1 },
    },
    verb: 'request-approval',
    mode: 'approve',
    codes: ['mode', 'protected-scope'],
  },
  // Dry run.
  {
    name: 'dry run keeps the verb and marks the decision',
    given: { policy: policy({ dryRun: true }) },
    verb: 'remediate',
    mode: 'auto',
    codes: ['mode', 'dry-run'],
    dryRun: true,
  },
  {
    name: 'dry run comes last in the reasons',
    given: {
      policy: policy({ dryRun: true, guardrails: { protectedScopes: [SUB] } }),
      budget: 'unknown',
    },
    verb: 'request-approval',
    mode: 'approve',
    codes: ['mode', 'protected-scope', 'dry-run'],
    dryRun: true,
  },
  {
    name: 'dry run on an off rule',
    given: { policy: policy({ dryRun: true, rules: { 'storage-min-tls-1-2': { mode: 'off' } } }) },
    verb: 'none',
    mode: 'off',
    codes: ['mode', 'rule-off', 'dry-run'],
    dryRun: true,
  },
];

describe('decide', () => {
  it.each(cases)('$name', ({ given, verb, mode, codes, dryRun, texts }) => {
    const decision = decide(input(given));
    expect(decision.verb).toBe(verb);
    expect(decision.mode).toBe(mode);
    expect(decision.reasons.map((reason) => reason.code)).toEqual(codes);
    expect(decision.dryRun).toBe(dryRun ?? false);
    for (const reason of decision.reasons) expect(reason.text.length).toBeGreaterThan(10);
    for (const [index, text] of (texts ?? []).entries()) {
      if (typeof text === 'string') expect(decision.reasons[index]?.text).toContain(text);
      else expect(decision.reasons[index]?.text).toMatch(text);
    }
    const rule = given.rule ?? TLS_RULE;
    if (verb === 'remediate' || verb === 'request-approval') {
      expect(decision.actionId).toBe(rule.remedy.actionId);
    } else {
      expect(decision.actionId).toBeUndefined();
    }
  });

  it('matches scopes and exemptions against scopeId when the resource is not an ARM id', () => {
    const secretUrl = 'https://kv1.vault.azure.net/secrets/db-password';
    const vault = `${RG}/providers/Microsoft.KeyVault/vaults/kv1`;
    const rule = {
      id: 'keyvault-secret-expiry-set',
      defaultMode: 'auto',
      remedy: { actionId: 'keyvault-secret-set-expiry', summary: 'Set an expiry.' },
    } as const;
    const base = input({
      rule,
      finding: finding('keyvault-secret-expiry-set', secretUrl),
      policy: policy({ scopes: [{ scope: RG, mode: 'approve' }] }),
    });
    expect(decide(base).verb).toBe('remediate');
    expect(decide({ ...base, scopeId: vault }).verb).toBe('request-approval');
  });

  it('refuses metadata of another rule', () => {
    expect(() => decide(input({ finding: finding('storage-shared-key-disabled') }))).toThrow(
      DecideError,
    );
  });

  it('is deterministic and leaves its input alone', () => {
    const given = input({ policy: policy({ dryRun: true }), fixesInWindow: 4 });
    const copy = structuredClone(given);
    expect(decide(given)).toEqual(decide(given));
    expect(given).toEqual(copy);
    expect(NOW.toISOString()).toBe('2026-11-23T12:00:00.000Z');
  });
});

describe('effectiveMode', () => {
  const config = policy({
    rules: { 'storage-min-tls-1-2': { mode: 'approve' } },
    scopes: [
      { scope: SUB, mode: 'audit' },
      { scope: `${RG}/`, rules: { 'storage-min-tls-1-2': { mode: 'off' } } },
    ],
  });

  it.each([
    ['storage-min-tls-1-2', STORAGE, 'off'],
    ['storage-min-tls-1-2', `${SUB}/resourceGroups/rg-other/providers/x/y/z`, 'audit'],
    ['storage-min-tls-1-2', '/subscriptions/00000000-0000-0000-0000-0000000000ab', 'approve'],
    ['storage-shared-key-disabled', STORAGE, 'audit'],
    ['storage-shared-key-disabled', '/subscriptions/other', 'ticket'],
  ] as const)('%s on %s is %s', (ruleId, resourceId, expected) => {
    const defaultMode = ruleId === 'storage-min-tls-1-2' ? 'auto' : 'ticket';
    expect(effectiveMode(ruleId, resourceId, config, defaultMode)).toBe(expected);
  });
});
