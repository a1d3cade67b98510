import { z } from 'zod';
import { SEVERITIES, type Severity } from '../domain';

const https = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

/**
 * A Key Vault secret URI (`https://{vault}.vault.azure.net/secrets/{name}`); the same rule as
 * the other ticket systems' secrets, repeated here so this file stands on its own.
 */
const keyVaultSecretUri = z
  .url({ protocol: /^https$/ })
  .regex(
    /^https:\/\/[^/]+\/secrets\/[A-Za-z0-9-]{1,127}\/?$/,
    'must be a Key Vault secret URI such as https://{vault}.vault.azure.net/secrets/{name}',
  );

/** Jira labels cannot hold spaces; Jira refuses the issue otherwise. */
const label = z.string().min(1).max(255).regex(/^\S+$/, 'Jira labels cannot contain spaces');

/** Jira Cloud's default priority scheme, per severity, where the policy does not say. */
export const DEFAULT_JIRA_PRIORITY: Record<Severity, string> = {
  critical: 'Highest',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  informational: 'Lowest',
};

/** How ward authenticates to Jira Cloud: the secret's value is read from Key Vault at run time. */
const jiraAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({
    /** Basic auth with an Atlassian account's email and API token (a service account's). */
    type: z.literal('api-token'),
    email: z.email(),
    apiTokenSecret: keyVaultSecretUri,
  }),
  z.strictObject({
    /**
     * An OAuth 2.0 access token sent as a bearer token; whoever holds the refresh token keeps
     * the secret current (ward reads it each run). Requests go to
     * `https://api.atlassian.com/ex/jira/{cloudId}` unless `apiUrl` says otherwise.
     */
    type: z.literal('oauth2'),
    cloudId: z.string().min(1),
    accessTokenSecret: keyVaultSecretUri,
  }),
]);

export const jiraPolicySchema = z.strictObject({
  /** `https://{site}.atlassian.net`: the REST API with an API token, and the issues' links. */
  siteUrl: https,
  /** Where REST requests go when not the site (OAuth 2.0 defaults to api.atlassian.com). */
  apiUrl: https.optional(),
  auth: jiraAuthSchema,
  /** The project's key, such as `SEC`. */
  projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'must be a Jira project key such as SEC'),
  issueType: z.string().min(1).default('Task'),
  /** Extra labels beside ward's own (`ward`, the marker, `severity-{severity}`). */
  labels: z.array(label).default(['security']),
  /** Priority name per severity; see DEFAULT_JIRA_PRIORITY. `false` leaves priority unset. */
  priority: z
    .union([z.literal(false), z.partialRecord(z.enum(SEVERITIES), z.string().min(1))])
    .default({}),
  /** The workflow transition (id, name or target status) that resolves an issue. */
  doneTransition: z.string().min(1).default('Done'),
  /** The one that reopens it on a regression. */
  reopenTransition: z.string().min(1).default('To Do'),
});

export type JiraPolicy = z.infer<typeof jiraPolicySchema>;

/** The REST API's origin for a policy. */
export function jiraApiUrl(policy: JiraPolicy): string {
  if (policy.apiUrl !== undefined) return policy.apiUrl.replace(/\/+$/, '');
  return policy.auth.type === 'oauth2'
    ? `https://api.atlassian.com/ex/jira/${encodeURIComponent(policy.auth.cloudId)}`
    : policy.siteUrl.replace(/\/+$/, '');
}

/** The Key Vault secret the policy's authentication reads. */
export function jiraSecretUri(policy: JiraPolicy): string {
  return policy.auth.type === 'oauth2' ? policy.auth.accessTokenSecret : policy.auth.apiTokenSecret;
}
