import type { RuleOutcome, Snapshot } from '../../domain';
import { judgeBoolean } from '../boolean-setting';
import { error } from '../outcome';
import { armBody } from '../paths';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM storage account body.');
  return judgeBoolean(body, {
    path: 'properties.allowSharedKeyAccess',
    want: false,
    absent: {
      message: 'Shared key access is allowed (not set).',
      note: 'Absent (null) is equivalent to true per the Microsoft.Storage spec: account keys and SAS work.',
    },
    compliant: 'Shared key access is disabled: requests need Microsoft Entra ID.',
    wrong: { message: 'Shared key access is allowed: account keys and key-signed SAS work.' },
  });
}
