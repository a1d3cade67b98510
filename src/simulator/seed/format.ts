import { z } from 'zod';
import { seedProviderRegistrationSchema } from '../arm/providers';
import { seedRoleAssignmentSchema, seedRoleDefinitionSchema } from '../rbac/seed-schema';

/**
 * The simulator's seed format: an estate to serve. ARM resources are bodies as a GET returns
 * them (extension resources such as diagnostic settings included, with their full ids);
 * secrets are Key Vault data-plane secret properties placed in a vault by name.
 */
export const seedResourceSchema = z.looseObject({
  id: z
    .string()
    .regex(
      /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\//i,
      'must be a full ARM resource id',
    ),
  name: z.string().min(1),
  type: z.string().regex(/^[A-Za-z]+\.[A-Za-z.]+\/[A-Za-z/]+$/, 'must be an ARM resource type'),
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

export const seedSecretSchema = z.strictObject({
  /** Name of a `Microsoft.KeyVault/vaults` resource in the same seed. */
  vault: z.string().min(1),
  name: z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, 'must be a Key Vault secret name'),
  /** Unix seconds, as the data plane speaks. */
  attributes: z
    .strictObject({
      enabled: z.boolean().default(true),
      exp: z.int().optional(),
      nbf: z.int().optional(),
      created: z.int().optional(),
      updated: z.int().optional(),
    })
    .prefault({}),
  tags: z.record(z.string(), z.string()).optional(),
  contentType: z.string().optional(),
});

export const seedSchema = z.strictObject({
  tenantId: z.uuid(),
  subscriptions: z
    .array(z.strictObject({ subscriptionId: z.uuid(), displayName: z.string().min(1) }))
    .min(1),
  resources: z.array(seedResourceSchema).default([]),
  secrets: z.array(seedSecretSchema).default([]),
  /** Custom roles (besides the built-in ones); used when the simulator runs with `rbac`. */
  roleDefinitions: z.array(seedRoleDefinitionSchema).optional(),
  /** Who holds which role where; used when the simulator runs with `rbac`. */
  roleAssignments: z.array(seedRoleAssignmentSchema).optional(),
  /** Resource providers' registration states; a namespace not listed is `Registered`. */
  providerRegistrations: z.array(seedProviderRegistrationSchema).optional(),
});

export type Seed = z.infer<typeof seedSchema>;
export type SeedResource = z.infer<typeof seedResourceSchema>;
export type SeedSecret = z.infer<typeof seedSecretSchema>;
