import type { RuleOutcome, Snapshot } from '../../domain';
import { readEnum } from '../ml-enum';
import { ENDPOINT_COMPUTE_PATH, kubernetesCompute } from '../ml-online-endpoint-compute';
import { armBody } from '../paths';
import { error, fail, pass, skip } from '../outcome';

const PATH = 'properties.publicNetworkAccess';
const EXPECTED = 'Disabled';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM online endpoint body.');
  const compute = kubernetesCompute(body);
  if (compute !== undefined) {
    // The flag exists for managed endpoints; a Kubernetes endpoint is exposed by its cluster.
    return skip(
      'Kubernetes online endpoints take their network exposure from the attached cluster.',
      [
        {
          path: ENDPOINT_COMPUTE_PATH,
          actual: compute,
          expected: 'absent (a managed online endpoint)',
        },
      ],
    );
  }
  const read = readEnum(body, PATH, ['Enabled', 'Disabled']);
  switch (read.kind) {
    case 'invalid':
      return error(read.problem, [{ path: PATH, actual: read.actual, expected: EXPECTED }]);
    case 'absent':
      return fail('Online endpoint does not set public network access; it is reachable publicly.', [
        {
          path: PATH,
          actual: read.actual,
          expected: EXPECTED,
          note: 'Absent means the service default: Enabled.',
        },
      ]);
    case 'value':
      if (read.value === 'Disabled') {
        return pass('Online endpoint public network access is disabled.', [
          { path: PATH, actual: read.actual, expected: EXPECTED },
        ]);
      }
      return fail('Online endpoint is reachable from public networks.', [
        { path: PATH, actual: read.actual, expected: EXPECTED },
      ]);
  }
}
