import { z } from 'zod';
import { RULE_IDS, SEVERITIES, type Severity } from '../domain';
import { jiraPolicySchema } from './ticket-jira';

/** The systems ward files into. */
export const TICKET_SYSTEM_NAMES = ['azure-devops', 'github', 'servicenow', 'jira'] as const;
export type TicketSystemName = (typeof TICKET_SYSTEM_NAMES)[number];

const systemName = z.enum(TICKET_SYSTEM_NAMES);

const scope = z
  .string()
  .regex(
    /^\/subscriptions\/[^/]+(\/.*)?$/i,
    'must be an ARM scope starting with /subscriptions/{id}',
  );

const ruleId = z.enum(RULE_IDS, {
  error: (issue) => `unknown rule id ${JSON.stringify(issue.input)}; see \`ward rules\``,
});

/**
 * A Key Vault secret ward reads at run time through its identity, as its URI
 * (`https://{vault}.vault.azure.net/secrets/{name}`); the value never sits in settings.
 */
export const keyVaultSecretUri = z
  .url({ protocol: /^https$/ })
  .regex(
    /^https:\/\/[^/]+\/secrets\/[A-Za-z0-9-]{1,127}\/?$/,
    'must be a Key Vault secret URI such as https://{vault}.vault.azure.net/secrets/{name}',
  );

const https = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

/** Work item priority per severity where the policy does not say (1 is the highest). */
export const DEFAULT_AZURE_DEVOPS_PRIORITY: Record<Severity, number> = {
  critical: 1,
  high: 1,
  medium: 2,
  low: 3,
  informational: 4,
};

export const azureDevOpsPolicySchema = z.strictObject({
  /** `https://dev.azure.com/{organization}`. */
  organizationUrl: https,
  project: z.string().min(1),
  /** The team whose context runs the WIQL lookup; the project's default team when absent. */
  team: z.string().min(1).optional(),
  workItemType: z.string().min(1).default('Issue'),
  areaPath: z.string().min(1).optional(),
  iterationPath: z.string().min(1).optional(),
  /** Extra tags beside ward's own (`ward`, the rule id, the fingerprint tag). */
  tags: z.array(z.string().min(1)).default([]),
  /** Custom fields by reference name, e.g. `{ "Custom.Team": "platform" }`. */
  fields: z.record(z.string().regex(/^[A-Za-z][\w.]*$/), z.string()).default({}),
  /** `Microsoft.VSTS.Common.Priority` per severity (1 highest). */
  priority: z.partialRecord(z.enum(SEVERITIES), z.int().min(1).max(4)).default({}),
  resolvedState: z.string().min(1).default('Done'),
  reopenedState: z.string().min(1).default('To Do'),
});

export const githubPolicySchema = z.strictObject({
  apiUrl: https.default('https://api.github.com'),
  owner: z.string().min(1),
  repo: z.string().min(1),
  /** The GitHub App's id and its installation on the repository's owner. */
  appId: z.int().positive(),
  installationId: z.int().positive(),
  /** The App's private key (PEM), read from Key Vault at run time. */
  privateKeySecret: keyVaultSecretUri,
  labels: z.array(z.string().min(1).max(50)).default(['security', 'ward']),
  assignees: z.array(z.string().min(1)).default([]),
});

/** ServiceNow's urgency and impact: 1 high, 2 medium, 3 low. */
const level = z.enum(['1', '2', '3']);

export const serviceNowPolicySchema = z.strictObject({
  /** `https://{instance}.service-now.com`. */
  instanceUrl: https,
  /** The OAuth application's client id (client credentials grant). */
  clientId: z.string().min(1),
  /** Its client secret, read from Key Vault at run time. */
  clientSecretSecret: keyVaultSecretUri,
  /** The group incidents are assigned to (its name or sys_id). */
  assignmentGroup: z.string().min(1).optional(),
  category: z.string().min(1).default('security'),
  /** Urgency per severity, such as `{ critical: "1" }`; see DEFAULT_SERVICENOW_LEVELS. */
  urgency: z.partialRecord(z.enum(SEVERITIES), level).default({}),
  impact: z.partialRecord(z.enum(SEVERITIES), level).default({}),
});

/** Urgency and impact per severity where the policy does not say. */
export const DEFAULT_SERVICENOW_LEVELS: Record<Severity, '1' | '2' | '3'> = {
  critical: '1',
  high: '2',
  medium: '2',
  low: '3',
  informational: '3',
};

/**
 * Where ward files its tickets: an ops team's own system, chosen per rule and scope. Without a
 * `default` and routes, tickets stay in ward's table and Teams, as before.
 */
export const ticketSystemsSchema = z
  .strictObject({
    default: systemName.optional(),
    /** First match wins; a route with neither rules nor scope matches everything. */
    routes: z
      .array(
        z.strictObject({
          system: systemName,
          rules: z.array(ruleId).optional(),
          scope: scope.optional(),
        }),
      )
      .default([]),
    /** Where a ticket links back to (the ledger entry); the approval page's origin when absent. */
    linkBaseUrl: https.optional(),
    azureDevOps: azureDevOpsPolicySchema.optional(),
    github: githubPolicySchema.optional(),
    serviceNow: serviceNowPolicySchema.optional(),
    jira: jiraPolicySchema.optional(),
  })
  .superRefine((value, ctx) => {
    const key = {
      'azure-devops': 'azureDevOps',
      github: 'github',
      servicenow: 'serviceNow',
      jira: 'jira',
    } as const;
    const used = new Set<TicketSystemName>([
      ...(value.default ? [value.default] : []),
      ...value.routes.map((route) => route.system),
    ]);
    for (const name of used) {
      if (value[key[name]] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key[name]],
          message: `tickets go to ${name}, so ticketSystems.${key[name]} must configure it`,
        });
      }
    }
  });

export type TicketSystemsPolicy = z.infer<typeof ticketSystemsSchema>;
export type AzureDevOpsPolicy = z.infer<typeof azureDevOpsPolicySchema>;
export type GitHubPolicy = z.infer<typeof githubPolicySchema>;
export type ServiceNowPolicy = z.infer<typeof serviceNowPolicySchema>;
