import type { EvaluationContext, RuleOutcome, Snapshot } from '../../domain';
import { readEnum } from '../ml-enum';
import { armBody, readPath, sameText } from '../paths';
import { error, fail, pass, skip } from '../outcome';

const PATH = 'properties.encryption.status';
const KEY_PATH = 'properties.encryption.keyVaultProperties.keyIdentifier';
const EXPECTED = 'Enabled';

export function evaluate(snapshot: Snapshot, context: EvaluationContext): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM workspace body.');
  if (!context.settings.requireCustomerManagedKey) {
    return skip('Customer-managed keys are not required by config (requireCustomerManagedKey).');
  }
  if (sameText(body.kind, 'Project')) {
    return skip("Project workspaces use their hub's encryption; the hub is judged instead.", [
      { path: 'kind', actual: body.kind, expected: 'Default or Hub' },
    ]);
  }
  const read = readEnum(body, PATH, ['Enabled', 'Disabled']);
  switch (read.kind) {
    case 'invalid':
      return error(read.problem, [{ path: PATH, actual: read.actual, expected: EXPECTED }]);
    case 'absent':
      return fail('Workspace is encrypted with Microsoft-managed keys.', [
        {
          path: PATH,
          actual: read.actual,
          expected: EXPECTED,
          note: 'Absent means the service default: Microsoft-managed keys.',
        },
      ]);
    case 'value':
      if (read.value === 'Disabled') {
        return fail('Workspace customer-managed key encryption is disabled.', [
          {
            path: PATH,
            actual: read.actual,
            expected: EXPECTED,
            note: 'Chosen at creation: the workspace must be recreated to use a customer-managed key.',
          },
        ]);
      }
      return pass('Workspace is encrypted with a customer-managed key.', [
        { path: PATH, actual: read.actual, expected: EXPECTED },
        { path: KEY_PATH, actual: readPath(body, KEY_PATH), expected: 'a Key Vault key URL' },
      ]);
  }
}
