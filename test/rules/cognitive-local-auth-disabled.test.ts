import { describe, expect, it } from 'vitest';
import type { EvaluationContext, Snapshot } from '../../src/domain';
import { cognitiveLocalAuthDisabled as rule } from '../../src/rules/cognitive-local-auth-disabled';

const context: EvaluationContext = {
  now: new Date('2026-11-23T12:00:00Z'),
  settings: { secretNearExpiryDays: 30, requireCustomerManagedKey: false },
};

function account(properties: Record<string, unknown>): Snapshot {
  const resource = {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai',
    name: 'oai',
    type: 'Microsoft.CognitiveServices/accounts',
    kind: 'OpenAI',
    properties,
  };
  return {
    resourceId: resource.id,
    resourceType: resource.type,
    subject: { kind: 'arm', resource },
    related: {},
  };
}

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
