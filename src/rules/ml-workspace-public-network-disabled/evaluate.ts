import type { ArmResource, Evidence, RuleOutcome, Snapshot } from '../../domain';
import { readEnum } from '../ml-enum';
import { readConnections } from '../ml-private-endpoint-connections';
import { armBody } from '../paths';
import { error, fail, pass } from '../outcome';

const PATH = 'properties.publicNetworkAccess';
const EXPECTED = 'Disabled';

/** Whether the remedy may run: the action checks this again before it writes. */
function privateEndpointEvidence(snapshot: Snapshot, body: ArmResource): Evidence {
  const expected = 'an approved private endpoint before public access is disabled';
  const read = readConnections(snapshot, body);
  if (!read.ok) {
    return {
      path: read.path,
      actual: read.actual,
      expected,
      note: `${read.problem} Public access will not be disabled until this can be read.`,
    };
  }
  return {
    path: read.path,
    actual: read.statuses,
    expected,
    note:
      read.approved > 0
        ? `An approved private endpoint exists (${read.approved}): disabling public access keeps the workspace reachable.`
        : 'No approved private endpoint: public access will not be disabled until one exists.',
  };
}

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM workspace body.');
  const read = readEnum(body, PATH, ['Enabled', 'Disabled']);
  if (read.kind === 'invalid') {
    return error(read.problem, [{ path: PATH, actual: read.actual, expected: EXPECTED }]);
  }
  if (read.kind === 'value' && read.value === 'Disabled') {
    return pass('Workspace public network access is disabled.', [
      { path: PATH, actual: read.actual, expected: EXPECTED },
    ]);
  }
  const setting: Evidence =
    read.kind === 'absent'
      ? {
          path: PATH,
          actual: read.actual,
          expected: EXPECTED,
          note: 'Absent means the service default: Enabled.',
        }
      : { path: PATH, actual: read.actual, expected: EXPECTED };
  return fail('Workspace is reachable from public networks.', [
    setting,
    privateEndpointEvidence(snapshot, body),
  ]);
}
