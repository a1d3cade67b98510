import type { RuleOutcome, Snapshot } from '../../domain';
import { error, fail, pass } from '../outcome';
import { armBody, readPath, sameText } from '../paths';

const ACCESS = 'properties.publicNetworkAccess';
const DEFAULT_ACTION = 'properties.networkAcls.defaultAction';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM Cognitive Services account body.');
  const access = readPath(body, ACCESS) ?? undefined;
  const action = readPath(body, DEFAULT_ACTION) ?? undefined;
  if (access !== undefined && !sameText(access, 'Enabled') && !sameText(access, 'Disabled')) {
    return error(`${ACCESS} is neither Enabled nor Disabled.`, [
      { path: ACCESS, actual: access, expected: 'Disabled' },
    ]);
  }
  if (action !== undefined && !sameText(action, 'Allow') && !sameText(action, 'Deny')) {
    return error(`${DEFAULT_ACTION} is neither Allow nor Deny.`, [
      { path: DEFAULT_ACTION, actual: action, expected: 'Deny' },
    ]);
  }
  const accessEvidence = {
    path: ACCESS,
    actual: access,
    expected: 'Disabled',
    ...(access === undefined && {
      note: 'Absent means the service default: Enabled (public networks may connect).',
    }),
  };
  if (sameText(access, 'Disabled')) {
    return pass('Public network access is disabled: only private endpoints reach the account.', [
      accessEvidence,
    ]);
  }
  const actionEvidence = {
    path: DEFAULT_ACTION,
    actual: action,
    expected: 'Deny (when public network access is Enabled)',
    ...(action === undefined && {
      note: 'Absent means no network rules: every public network is allowed.',
    }),
  };
  if (sameText(action, 'Deny')) {
    return pass(
      'Public network access is enabled but network rules deny by default: only the listed IP ranges and virtual networks reach the account.',
      [accessEvidence, actionEvidence],
    );
  }
  return fail('The account accepts calls from any public network.', [
    accessEvidence,
    actionEvidence,
  ]);
}
