import { z } from 'zod';
import { seedProviderRegistrationSchema } from '../arm/providers';
import { seedCallerSchema } from './callers';
import { seedRoleAssignmentSchema, seedRoleDefinitionSchema } from '../rbac/seed-schema';

/**
 * The simulator's seed format: an estate to serve. ARM resources are bodies as a GET returns
 * them (extension resources such as diagnostic settings included, with their full ids), served
 * back verbatim: members Azure sends as null (`"etag": null`, `"tags": null`) stay null and
 * unknown members stay. Secrets are Key Vault data-plane secret properties placed in a vault
 * by name; recorded attributes (`recoveryLevel`, `recoverableDays`, nulls) are served as given
 * until the secret is written.
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
  location: z.string().nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
  etag: z.string().nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
});

export const seedSecretSchema = z.strictObject({
  /** Name of a `Microsoft.KeyVault/vaults` resource in the same seed. */
  vault: z.string().min(1),
  name: z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, 'must be a Key Vault secret name'),
  /** The current version's id (32 hex digits, as Key Vault makes them); derived when absent. */
  version: z
    .string()
    .regex(/^[0-9a-f]{32}$/i, 'must be a Key Vault version id (32 hex digits)')
    .optional(),
  /** Unix seconds, as the data plane speaks; absent or null means not set (enabled: true). */
  attributes: z
    .strictObject({
      enabled: z.boolean().nullish(),
      exp: z.int().nullish(),
      nbf: z.int().nullish(),
      created: z.int().nullish(),
      updated: z.int().nullish(),
      recoveryLevel: z.string().nullish(),
      recoverableDays: z.int().nullish(),
    })
    .prefault({}),
  tags: z.record(z.string(), z.string()).nullish(),
  contentType: z.string().nullish(),
});

export const seedSchema = z.strictObject({
  tenantId: z.uuid(),
  subscriptions: z
    .array(z.strictObject({ subscriptionId: z.uuid(), displayName: z.string().min(1) }))
    .min(1),
  resources: z.array(seedResourceSchema).default([]),
  secrets: z.array(seedSecretSchema).default([]),
  /** Which network each principal calls from (Key Vault's firewall judges it). */
  callers: z.array(seedCallerSchema).optional(),
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
