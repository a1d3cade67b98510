import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { deterministicUuid } from '../seed/ids';
import type { RoleDefinition } from './roles';

/** The name seeds assign ward's custom role by (the template appends the subscription id). */
export const WARD_ROLE_NAME = 'ward remediator';

const TEMPLATE = join('infra', 'subscription.json');

const subscriptionTemplateSchema = z.looseObject({
  variables: z.looseObject({
    derived: z.looseObject({
      roleActions: z.array(z.string().min(1)),
      roleActionsWithoutVaultWrites: z.array(z.string().min(1)),
      roleDataActions: z.array(z.string().min(1)),
    }),
  }),
});

/** The folder above `from` that holds infra/subscription.json (sources and bundle alike). */
function infraRoot(from: string): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, TEMPLATE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no ${TEMPLATE} above ${from}`);
    dir = parent;
  }
}

export interface WardRoleOptions {
  /** The template's `allowVaultWrites` parameter (default true, as the template's). */
  allowVaultWrites?: boolean;
}

/**
 * ward's custom role exactly as infra/subscription.json grants it (the generated
 * `variables.derived.roleActions` / `roleDataActions`, or `roleActionsWithoutVaultWrites` when
 * the deployment withholds vault writes), for seeds to assign by name.
 */
export function wardRemediatorRole(root?: string, options: WardRoleOptions = {}): RoleDefinition {
  const path = join(root ?? infraRoot(fileURLToPath(import.meta.url)), TEMPLATE);
  const template = subscriptionTemplateSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const { roleActions, roleActionsWithoutVaultWrites, roleDataActions } =
    template.variables.derived;
  return {
    id: deterministicUuid('ward-simulator', 'role-definition', WARD_ROLE_NAME),
    roleName: WARD_ROLE_NAME,
    actions: options.allowVaultWrites === false ? roleActionsWithoutVaultWrites : roleActions,
    notActions: [],
    dataActions: roleDataActions,
    notDataActions: [],
  };
}
