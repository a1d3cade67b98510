import type { RuleOutcome, Snapshot } from '../../domain';
import { judgeBoolean } from '../boolean-setting';
import { error } from '../outcome';
import { armBody } from '../paths';

const ACCESS_POLICIES = 'The vault authorizes data access with access policies, not Azure RBAC.';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM Key Vault vault body.');
  return judgeBoolean(body, {
    path: 'properties.enableRbacAuthorization',
    want: true,
    absent: {
      message: ACCESS_POLICIES,
      note:
        'Absent means access policies at api-version 2025-05-01, which ward reads; the default ' +
        'becomes true only from api-version 2026-02-01.',
    },
    compliant: 'The vault uses Azure RBAC for data access.',
    wrong: { message: ACCESS_POLICIES },
  });
}
