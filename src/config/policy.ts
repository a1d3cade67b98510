import { z } from 'zod';
import { MODES, RULE_IDS } from '../domain';
import { tagExemptionsSchema } from './tag-exemptions';
import { vaultWritesSchema } from './vault-writes';
import { outOfScopeSchema } from './out-of-scope';
import { relatedCacheSchema } from './related-cache';
import { teamsNoiseSchema } from './teams-noise';
import { ticketSystemsSchema } from './ticket-systems';

/** An ARM scope: a subscription, a resource group, or a resource id. */
const scope = z
  .string()
  .regex(
    /^\/subscriptions\/[^/]+(\/.*)?$/i,
    'must be an ARM scope starting with /subscriptions/{id}',
  );

const mode = z.enum(MODES);
const ruleId = z.enum(RULE_IDS, {
  error: (issue) => `unknown rule id ${JSON.stringify(issue.input)}; see \`ward rules\``,
});

/** Per-rule settings keyed by rule id; unknown ids are errors, not silently ignored. */
const ruleModes = z.partialRecord(ruleId, z.strictObject({ mode }));

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

/** The name of an app setting holding a secret; in Azure it is a Key Vault reference. */
const secretSetting = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'must be an app setting name (a Key Vault reference in Azure)',
  );

export const exemptionSchema = z.strictObject({
  ruleId: ruleId.or(z.literal('*')),
  scope,
  reason: z.string().min(1, 'an exemption needs a reason'),
  expires: isoDate,
  createdBy: z.string().optional(),
});

export const policySchema = z.strictObject({
  /** Decide and record, but change nothing. */
  dryRun: z.boolean().default(false),
  rules: ruleModes.default({}),
  scopes: z
    .array(
      z.strictObject({
        scope,
        /** Mode for every rule in this scope, unless `rules` names the rule. */
        mode: mode.optional(),
        rules: ruleModes.default({}),
      }),
    )
    .default([]),
  exemptions: z.array(exemptionSchema).default([]),
  tagExemptions: tagExemptionsSchema,
  vaultWrites: vaultWritesSchema,
  guardrails: z
    .strictObject({
      budget: z
        .strictObject({
          maxChanges: z.int().positive().default(20),
          maxChangesPerSubscription: z.int().positive().default(10),
          windowMinutes: z.int().positive().default(60),
        })
        .prefault({}),
      flap: z
        .strictObject({
          threshold: z.int().min(2).default(3),
          windowMinutes: z.int().positive().default(1440),
        })
        .prefault({}),
      /** Scopes where ward never changes anything by itself (`auto` becomes `approve`). */
      protectedScopes: z.array(scope).default([]),
    })
    .prefault({}),
  secrets: z
    .strictObject({
      /** `keyvault-secret-expiry-set` sets expiry to now + this many days. */
      expiryDays: z.int().positive().default(365),
      /** `keyvault-secret-near-expiry` fails this many days before expiry. */
      nearExpiryDays: z.int().positive().default(30),
    })
    .prefault({}),
  diagnostics: z
    .strictObject({
      /** Log Analytics workspace resource id the diagnostic setting sends to. */
      workspaceId: scope.optional(),
      settingName: z.string().min(1).default('ward-audit'),
    })
    .prefault({}),
  privateEndpoints: z
    .strictObject({
      /** Subnet where ward creates private endpoints for workspaces. */
      subnetId: scope.optional(),
      /** Private DNS zone ids for the zone group (privatelink.api.azureml.ms, ...notebooks...). */
      privateDnsZoneIds: z.array(scope).default([]),
    })
    .prefault({}),
  compute: z
    .strictObject({
      /** ISO 8601 duration for compute instance idle shutdown. */
      idleTimeBeforeShutdown: z
        .string()
        .regex(/^PT(\d+H)?(\d+M)?$/, 'must be an ISO 8601 duration such as PT60M')
        .default('PT60M'),
      /** User-assigned identity ward assigns where the compute API allows it in place. */
      userAssignedIdentityId: scope.optional(),
    })
    .prefault({}),
  workspaces: z
    .strictObject({ requireCustomerManagedKey: z.boolean().default(false) })
    .prefault({}),
  approvals: z
    .strictObject({ expiryHours: z.number().positive().max(168).default(24) })
    .prefault({}),
  teams: z
    .strictObject({ webhookUrlSetting: secretSetting.default('WARD_TEAMS_WEBHOOK_URL') })
    .prefault({}),
  outOfScope: outOfScopeSchema,
  teamsNoise: teamsNoiseSchema,
  tickets: z
    .strictObject({
      /** Where tickets go: a generic webhook (e.g. a Logic App that files work items), or Teams. */
      target: z.enum(['webhook', 'teams']).default('teams'),
      webhookUrlSetting: secretSetting.optional(),
    })
    .prefault({}),
  ticketSystems: ticketSystemsSchema.prefault({}),
  relatedCache: relatedCacheSchema,
});

export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
export type Exemption = z.infer<typeof exemptionSchema>;
