import type { RuleOutcome, Snapshot } from '../domain';
import { error, fail, pass } from './outcome';
import { armBody, readPath, sameText } from './paths';

const ACCESS = 'properties.publicNetworkAccess';
const DEFAULT_ACTION = 'properties.networkAcls.defaultAction';

/** The words that differ between resource types; the judgement itself does not. */
export interface PublicNetworkWording {
  /** Error message when the snapshot is not an ARM body, e.g. `Expected an ARM … body.` */
  notArm: string;
  /** Pass message when publicNetworkAccess is Disabled. */
  disabled: string;
  /** Pass message when access is Enabled but networkAcls deny by default. */
  deniedByDefault: string;
  /** Evidence note when networkAcls.defaultAction is absent. */
  noAcls: string;
  /** Fail message when any public network may connect. */
  open: string;
}

/**
 * Judges a resource that gates public access with `publicNetworkAccess` and
 * `networkAcls.defaultAction` (Key Vault vaults, Cognitive Services accounts share this shape).
 * Passes when access is Disabled, or Enabled with networkAcls denying by default: that is what
 * the Azure Policy built-ins for both types accept.
 */
export function evaluatePublicNetwork(
  snapshot: Snapshot,
  wording: PublicNetworkWording,
): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error(wording.notArm);
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
  if (sameText(access, 'Disabled')) return pass(wording.disabled, [accessEvidence]);
  const actionEvidence = {
    path: DEFAULT_ACTION,
    actual: action,
    expected: 'Deny (when public network access is Enabled)',
    ...(action === undefined && { note: wording.noAcls }),
  };
  if (sameText(action, 'Deny')) {
    return pass(wording.deniedByDefault, [accessEvidence, actionEvidence]);
  }
  return fail(wording.open, [accessEvidence, actionEvidence]);
}
