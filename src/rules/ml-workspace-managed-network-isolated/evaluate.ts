import type { RuleOutcome, Snapshot } from '../../domain';
import { readEnum } from '../ml-enum';
import { armBody } from '../paths';
import { error, fail, pass } from '../outcome';

const PATH = 'properties.managedNetwork.isolationMode';
const EXPECTED = 'AllowOnlyApprovedOutbound or AllowInternetOutbound';
const MODES = ['Disabled', 'AllowInternetOutbound', 'AllowOnlyApprovedOutbound'] as const;

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM workspace body.');
  const read = readEnum(body, PATH, MODES);
  switch (read.kind) {
    case 'invalid':
      return error(read.problem, [{ path: PATH, actual: read.actual, expected: EXPECTED }]);
    case 'absent':
      return fail('Workspace has no managed network isolation.', [
        {
          path: PATH,
          actual: read.actual,
          expected: EXPECTED,
          note: 'Absent means the service default: Disabled (no managed virtual network).',
        },
      ]);
    case 'value':
      switch (read.value) {
        case 'Disabled':
          return fail('Workspace managed network isolation is disabled.', [
            { path: PATH, actual: read.actual, expected: EXPECTED },
          ]);
        case 'AllowInternetOutbound':
          return pass('Workspace uses a managed network that allows internet outbound.', [
            {
              path: PATH,
              actual: read.actual,
              expected: EXPECTED,
              note: 'Computes can reach any internet destination; AllowOnlyApprovedOutbound blocks exfiltration.',
            },
          ]);
        case 'AllowOnlyApprovedOutbound':
          return pass('Workspace uses a managed network that allows only approved outbound.', [
            { path: PATH, actual: read.actual, expected: EXPECTED },
          ]);
      }
  }
}
