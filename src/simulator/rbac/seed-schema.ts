import { z } from 'zod';

const actionList = z.array(z.string().min(1)).default([]);

/**
 * A role definition in a seed, flat as `az role definition create` takes it: `actions`,
 * `notActions`, `dataActions`, `notDataActions`, each a list of operation names where `*`
 * matches any run of characters. Names compare case-insensitively, as in Azure.
 */
export const seedRoleDefinitionSchema = z.strictObject({
  /** The role's name (`roleName`): what assignments usually refer to. */
  name: z.string().min(1),
  /** The role definition's GUID; derived from the name when absent. */
  id: z.guid().optional(),
  description: z.string().optional(),
  actions: actionList,
  notActions: actionList,
  dataActions: actionList,
  notDataActions: actionList,
});

/** A role assignment: `principalId` holds `role` at `scope` and everything below it. */
export const seedRoleAssignmentSchema = z.strictObject({
  principalId: z.string().min(1),
  /** A role's name, its GUID, or a full `…/providers/Microsoft.Authorization/roleDefinitions/{guid}` id. */
  role: z.string().min(1),
  scope: z
    .string()
    .regex(
      /^(\/|\/subscriptions\/[^/]+(\/.*)?)$/i,
      "must be '/' or an ARM scope under /subscriptions/{id}",
    ),
  description: z.string().optional(),
});

export type SeedRoleDefinition = z.infer<typeof seedRoleDefinitionSchema>;
export type SeedRoleAssignment = z.infer<typeof seedRoleAssignmentSchema>;
