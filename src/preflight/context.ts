import type { ArmReader } from './arm-read';
import type { PreflightCheck } from './types';

/** What a preflight run checks. */
export interface PreflightInput {
  subscriptions: readonly string[];
  /** ARM ids of the vaults whose secrets ward will watch. */
  vaultIds: readonly string[];
  /** The diagnostics workspace ward's diagnostic settings send to (`diagnostics.workspaceId`). */
  workspaceId?: string;
  /** Which events drive ward: the subscription's system topic, or Azure Resource Notifications. */
  events: 'subscription' | 'arn';
  /** Object id of ward's identity, when it exists already. */
  wardPrincipalId?: string;
  /** Object id of the signed-in identity (from its token), when known. */
  callerObjectId?: string;
}

export interface PreflightDeps {
  /** A reader whose client is bound to `subscriptionId` (throttling is per subscription). */
  reader(subscriptionId: string): Promise<ArmReader>;
}

/** Shared by the checks of one run. */
export interface CheckContext {
  input: PreflightInput;
  deps: PreflightDeps;
  /** True when the caller is ward's identity: its permissions can then be read directly. */
  callerIsWard: boolean;
  /** The subscription's Event Grid system topics, read once per run. */
  systemTopics(subscriptionId: string): Promise<SystemTopic[]>;
}

/** An Event Grid system topic, as the list answers it. */
export interface SystemTopic {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  source: string;
  topicType: string;
}

export function ok(id: string, scope: string, detail: string, fix = ''): PreflightCheck {
  return { id, scope, status: 'ok', detail, fix };
}

export function fix(id: string, scope: string, detail: string, remedy: string): PreflightCheck {
  return { id, scope, status: 'fix', detail, fix: remedy };
}

/** `/subscriptions/{id}` */
export function subscriptionScope(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}`;
}

const RESOURCE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i;

/** The parts of a top-level resource id, or `undefined` when it is not one. */
export function parseTopLevelId(
  id: string,
): { subscriptionId: string; resourceGroup: string; type: string; name: string } | undefined {
  const m = RESOURCE_ID.exec(id.trim());
  if (!m?.[1] || !m[2] || !m[3] || !m[4] || !m[5]) return undefined;
  return { subscriptionId: m[1], resourceGroup: m[2], type: `${m[3]}/${m[4]}`, name: m[5] };
}
