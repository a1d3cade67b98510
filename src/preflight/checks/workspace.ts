import { z } from 'zod';
import type { CheckContext } from '../context';
import { fix, ok, parseTopLevelId } from '../context';
import { missing } from '../permission-match';
import { WORKSPACE_LINKED_ACTION } from '../needed-permissions';
import { PreflightReadError } from '../types';
import type { PreflightCheck } from '../types';
import { callerPermissions } from './permissions';

/** The workspace api-version ward reads at (src/azure/api-versions.ts). */
const WORKSPACE_API_VERSION = '2025-07-01';

const workspaceSchema = z.looseObject({ id: z.string(), name: z.string(), location: z.string() });

/**
 * The diagnostics workspace: it exists and can be read, and ward may link diagnostic settings
 * to it (ARM checks `sharedKeys/action` on the workspace as a linked scope).
 */
export async function workspaceChecks(ctx: CheckContext): Promise<PreflightCheck[]> {
  const id = ctx.input.workspaceId;
  if (!id) {
    return [
      fix(
        'workspace',
        '(policy)',
        'no diagnostics workspace configured: diagnostic-settings-enabled can report but ward cannot create the setting',
        'set diagnostics.workspaceId in the policy (or pass --workspace <id>) to a Log Analytics workspace id',
      ),
    ];
  }
  const parts = parseTopLevelId(id);
  if (parts?.type.toLowerCase() !== 'microsoft.operationalinsights/workspaces') {
    throw new PreflightReadError(
      `workspace ${id}: not a Log Analytics workspace id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>)`,
    );
  }
  const reader = await ctx.deps.reader(parts.subscriptionId);
  const result = await reader.get(id, WORKSPACE_API_VERSION);
  if (result.status === 404) {
    return [
      fix(
        'workspace',
        id,
        `the diagnostics workspace does not exist (${result.error?.code ?? 'HTTP 404'})`,
        'set diagnostics.workspaceId in the policy to an existing Log Analytics workspace id (az monitor log-analytics workspace list --query "[].id" -o tsv)',
      ),
    ];
  }
  if (result.status === 401 || result.status === 403) {
    return [
      fix(
        'workspace',
        id,
        `the signed-in identity cannot read the diagnostics workspace (${result.error?.code ?? `HTTP ${result.status}`})`,
        `az role assignment create --assignee <your object id> --role Reader --scope ${id}`,
      ),
    ];
  }
  if (result.status !== 200) {
    throw new PreflightReadError(
      `cannot read workspace ${id} (${result.error ? `${result.error.code}: ${result.error.message}` : `HTTP ${result.status}`})`,
      result.status,
    );
  }
  const workspace = workspaceSchema.parse(result.body);
  const readable = ok(
    'workspace',
    id,
    `the diagnostics workspace '${workspace.name}' (${workspace.location}) is readable`,
  );
  if (ctx.callerIsWard) {
    const lacking = missing(await callerPermissions(reader, id), [WORKSPACE_LINKED_ACTION]);
    return [
      readable,
      lacking.length
        ? fix(
            'workspace-shared-keys',
            id,
            `ward's identity lacks ${WORKSPACE_LINKED_ACTION} here: creating a diagnostic setting to it fails with 403 LinkedAuthorizationFailed`,
            `az role assignment create --assignee ${ctx.input.wardPrincipalId ?? '<ward identity object id>'} --role "Log Analytics Contributor" --scope ${id}`,
          )
        : ok('workspace-shared-keys', id, `ward's identity holds ${WORKSPACE_LINKED_ACTION} here`),
    ];
  }
  const watched = ctx.input.subscriptions.some(
    (s) => s.toLowerCase() === parts.subscriptionId.toLowerCase(),
  );
  return [
    readable,
    watched
      ? ok(
          'workspace-shared-keys',
          id,
          `the workspace is in a watched subscription: ward's role assigned there holds ${WORKSPACE_LINKED_ACTION}`,
        )
      : fix(
          'workspace-shared-keys',
          id,
          `the workspace is in subscription ${parts.subscriptionId}, where infra/subscription.json assigns ward nothing: creating a diagnostic setting to it would fail with 403 LinkedAuthorizationFailed (${WORKSPACE_LINKED_ACTION})`,
          `az role assignment create --assignee ${ctx.input.wardPrincipalId ?? '<ward identity object id>'} --role "Log Analytics Contributor" --scope ${id}`,
        ),
  ];
}
