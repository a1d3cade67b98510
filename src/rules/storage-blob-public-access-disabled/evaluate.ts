import type { RuleOutcome, Snapshot } from '../../domain';
import { judgeBoolean } from '../boolean-setting';
import { error } from '../outcome';
import { armBody } from '../paths';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM storage account body.');
  return judgeBoolean(body, {
    path: 'properties.allowBlobPublicAccess',
    want: false,
    absent: {
      message: 'Anonymous blob access is not disallowed explicitly.',
      note:
        'Absent is read as allowed: accounts that never set the property permitted anonymous ' +
        'access under earlier api-versions, and Azure Policy treats absent as non-compliant. ' +
        'Setting false explicitly changes nothing for accounts already closed.',
    },
    compliant: 'Anonymous blob access is disallowed for the account.',
    wrong: { message: 'The account allows containers to be opened to anonymous reads.' },
  });
}
