import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/domain';
import { cognitiveLocalAuthDisabled as rule } from '../../src/rules/cognitive-local-auth-disabled';
import { armSnapshot, ruleContext } from '../support/rule-snapshots';

const context = ruleContext();

const account = (properties: Record<string, unknown>): Snapshot =>
  armSnapshot('Microsoft.CognitiveServices/accounts', 'oai', { kind: 'OpenAI', properties });

describe('cognitive-local-auth-disabled', () => {
  it('asks for approval to disable API keys', () => {
    expect(rule.metadata.remedy.actionId).toBe('cognitive-disable-local-auth');
    expect(rule.metadata.defaultMode).toBe('approve');
  });

  it.each([
    ['true', { disableLocalAuth: true }, 'pass', /Entra ID/],
    ['false', { disableLocalAuth: false }, 'fail', /API keys are accepted/],
    ['absent', {}, 'fail', /API keys are accepted/],
    ['null', { disableLocalAuth: null }, 'fail', /API keys are accepted/],
    ['a string', { disableLocalAuth: 'true' }, 'error', /not a boolean/],
  ])('disableLocalAuth %s → %s', (_what, properties, status, message) => {
    const outcome = rule.evaluate(account(properties), context);
    expect(outcome.status).toBe(status);
    expect(outcome.message).toMatch(message);
    expect(outcome.evidence[0]).toMatchObject({
      path: 'properties.disableLocalAuth',
      expected: 'true',
    });
  });

  it('notes that absent means keys are enabled by default', () => {
    expect(rule.evaluate(account({}), context).evidence[0]?.note).toMatch(/service default/);
  });
});
