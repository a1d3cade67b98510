import type { RuleOutcome, Snapshot } from '../../domain';
import { judgeBoolean } from '../boolean-setting';
import { error } from '../outcome';
import { armBody } from '../paths';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM Cognitive Services account body.');
  return judgeBoolean(body, {
    path: 'properties.disableLocalAuth',
    want: true,
    absent: {
      message: 'API keys are accepted (local auth is not disabled).',
      note: 'Absent means the service default: local (API key) authentication is enabled.',
    },
    compliant: 'Local auth is disabled: callers need Microsoft Entra ID.',
    wrong: { message: 'API keys are accepted (local auth is enabled).' },
  });
}
