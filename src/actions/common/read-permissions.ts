import { z } from 'zod';
import type { PermissionEntry } from '../../azure/permission-match';
import type { ActionDeps } from '../deps';
import { ActionError } from '../errors';
import { armRequest } from './arm-request';

/** The permissions API's version: every principal may call it, no role needed. */
export const PERMISSIONS_API_VERSION = '2022-04-01';

const permissionsSchema = z.looseObject({
  value: z.array(
    z.looseObject({
      actions: z.array(z.string()).nullish(),
      notActions: z.array(z.string()).nullish(),
    }),
  ),
});

/**
 * What ward's identity holds at `scope`, one entry per role that applies there, read through
 * ARM's permissions API (`GET {scope}/providers/Microsoft.Authorization/permissions`) with the
 * generic client. An answer that is not the API's shape is a coded error, never "no roles".
 */
export async function readPermissions(deps: ActionDeps, scope: string): Promise<PermissionEntry[]> {
  const body = await armRequest(deps, {
    method: 'GET',
    resourceId: scope,
    suffix: '/providers/Microsoft.Authorization/permissions',
    apiVersion: PERMISSIONS_API_VERSION,
  });
  const parsed = permissionsSchema.safeParse(body);
  if (!parsed.success) {
    throw new ActionError(
      'write-failed',
      `The permissions API answered for ${scope} in an unexpected shape: ${parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data.value.map((entry) => ({
    actions: entry.actions ?? [],
    notActions: entry.notActions ?? [],
  }));
}
