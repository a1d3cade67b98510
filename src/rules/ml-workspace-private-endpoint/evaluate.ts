import type { RuleOutcome, Snapshot } from '../../domain';
import { readConnections } from '../ml-private-endpoint-connections';
import { armBody } from '../paths';
import { error, fail, pass } from '../outcome';

const EXPECTED = 'at least one connection with status Approved';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM workspace body.');
  const read = readConnections(snapshot, body);
  if (!read.ok) {
    return error(read.problem, [{ path: read.path, actual: read.actual, expected: EXPECTED }]);
  }
  const evidence = { path: read.path, actual: read.statuses, expected: EXPECTED };
  if (read.approved > 0) {
    return pass(`Workspace has ${read.approved} approved private endpoint connection(s).`, [
      evidence,
    ]);
  }
  if (read.statuses.length === 0) {
    return fail('Workspace has no private endpoint connection.', [
      {
        ...evidence,
        note: read.absent
          ? 'No connections listed: the workspace is reachable only through its public endpoint.'
          : 'The list is empty: the workspace is reachable only through its public endpoint.',
      },
    ]);
  }
  return fail('Workspace has private endpoint connections, but none is approved.', [
    { ...evidence, note: 'Pending, rejected or disconnected connections carry no traffic.' },
  ]);
}
