import { describe, expect, it } from 'vitest';
import type { EvaluationContext, KeyVaultSecret, Snapshot } from '../../src/domain';
import { keyvaultSecretNearExpiry as rule } from '../../src/rules/keyvault-secret-near-expiry';
import { RULE_TEST_NOW, ruleContext, secretSnapshot } from '../support/rule-snapshots';

const NOW = RULE_TEST_NOW.getTime() / 1000;
const DAY = 86_400;
const context = (days = 30): EvaluationContext => ruleContext({ secretNearExpiryDays: days });

function secret(attributes: Record<string, unknown>): Snapshot {
  const body = {
    id: 'https://myvault.vault.azure.net/secrets/api-key',
    attributes: { enabled: true, ...attributes },
  } as KeyVaultSecret;
  return secretSnapshot(body);
}

describe('keyvault-secret-near-expiry', () => {
  it('alerts and tickets without an automatic action', () => {
    expect(rule.metadata.remedy.actionId).toBe('none');
    expect(rule.metadata.defaultMode).toBe('ticket');
    expect(rule.metadata.remedy.summary).toMatch(/Teams alert and .*ticket to rotate/);
  });

  it.each([
    ['90 days out', 90 * DAY, 'pass', '90 days left'],
    ['30 days and 1 second out', 30 * DAY + 1, 'pass', '30 days left'],
    ['exactly at the 30-day threshold', 30 * DAY, 'fail', '30 days left'],
    ['29 days and 23 hours out', 30 * DAY - 3600, 'fail', '29 days left'],
    ['1 day out', DAY, 'fail', '1 day left'],
    ['exactly now', 0, 'fail', 'expired 2026-11-23T12:00:00.000Z; 0 days ago'],
    ['expired 2 days ago', -2 * DAY, 'fail', 'expired 2026-11-21T12:00:00.000Z; 2 days ago'],
  ])('secret expiring %s → %s', (_what, offset, status, note) => {
    const exp = NOW + offset;
    const outcome = rule.evaluate(secret({ exp }), context());
    expect(outcome.status).toBe(status);
    expect(outcome.evidence).toHaveLength(1);
    expect(outcome.evidence[0]).toMatchObject({
      path: 'attributes.exp',
      actual: exp,
      expected: 'later than 2026-12-23T12:00:00.000Z (more than 30 days after the evaluation)',
    });
    expect(outcome.evidence[0]?.note).toContain(note);
    expect(outcome.evidence[0]?.note).toContain(new Date(exp * 1000).toISOString());
  });

  it('says expired in the message for an expired secret and "in N days" otherwise', () => {
    expect(rule.evaluate(secret({ exp: NOW - DAY }), context()).message).toBe(
      'Secret expired at 2026-11-22T12:00:00.000Z, 1 day ago: rotate it.',
    );
    expect(rule.evaluate(secret({ exp: NOW + 10 * DAY }), context()).message).toBe(
      'Secret expires at 2026-12-03T12:00:00.000Z, in 10 days: rotate it.',
    );
  });

  it('judges Key Vault-managed (certificate-backed) secrets too', () => {
    const snapshot = secret({ exp: NOW + DAY });
    if (snapshot.subject.kind === 'secret') snapshot.subject.secret.managed = true;
    expect(rule.evaluate(snapshot, context()).status).toBe('fail');
  });

  it('uses the configured window, not a fixed 30 days', () => {
    const exp = NOW + 45 * DAY;
    expect(rule.evaluate(secret({ exp }), context(30)).status).toBe('pass');
    expect(rule.evaluate(secret({ exp }), context(60)).status).toBe('fail');
  });

  it.each([
    ['no expiry (the other rule covers it)', {}, /keyvault-secret-expiry-set/],
    ['a disabled secret', { exp: NOW + DAY, enabled: false }, /disabled/],
  ])('skips %s', (_what, attributes, message) => {
    const outcome = rule.evaluate(secret(attributes), context());
    expect(outcome.status).toBe('skip');
    expect(outcome.message).toMatch(message);
  });

  it.each([
    ['exp is not a number', secret({ exp: '2026-12-01' }), context()],
    ['the window is negative', secret({ exp: NOW + DAY }), context(-1)],
  ])('answers error when %s', (_what, snapshot, ctx) => {
    expect(rule.evaluate(snapshot, ctx).status).toBe('error');
  });
});
