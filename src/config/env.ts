import { z } from 'zod';

/** What App Service leaves in a setting whose Key Vault reference it could not resolve. */
const UNRESOLVED_REFERENCE = /^@Microsoft\.KeyVault\(/i;

/** Bytes of HMAC key the approval form's CSRF tokens need at least (HMAC-SHA256's block of 256 bits). */
export const MIN_CSRF_KEY_BYTES = 32;

/**
 * The approval form's CSRF key: base64 of at least 32 random bytes. Every instance of the app
 * must hold the same key, or a form rendered by one is refused by another.
 */
const csrfKey = z
  .string()
  .refine((value) => !UNRESOLVED_REFERENCE.test(value.trim()), {
    error:
      'is a Key Vault reference App Service could not resolve: give the app identity get access to the secret',
    abort: true,
  })
  .refine(
    (value) =>
      /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value.trim()),
    {
      error: 'must be base64 (for example the output of `openssl rand -base64 32`)',
      abort: true,
    },
  )
  .transform((value) => Buffer.from(value.trim(), 'base64'))
  .refine((key) => key.length >= MIN_CSRF_KEY_BYTES, {
    error: `must decode to at least ${MIN_CSRF_KEY_BYTES} bytes`,
  });

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Signing keys come over HTTPS; plain HTTP only from this machine (the demo's and tests' keys). */
const jwksUrl = z.url().refine(
  (value) => {
    const url = new URL(value);
    return (
      url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
    );
  },
  { error: 'must be an https:// URL (http:// only on loopback)' },
);

/**
 * Deployment settings (app settings / environment). Parsed once at cold start; a bad value
 * fails the start with the setting's name.
 */
export const envSchema = z.object({
  /** Path to the policy file (YAML or JSON). */
  WARD_POLICY_FILE: z.string().min(1).optional(),
  /** The policy inline as JSON, for deployments that keep it in an app setting. */
  WARD_POLICY_JSON: z.string().min(1).optional(),
  /** Tables endpoint of ward's storage account, reached with the managed identity in Azure. */
  WARD_STORAGE_TABLE_URL: z.url().optional(),
  /** Local only (Azurite): a storage connection string. */
  WARD_STORAGE_CONNECTION_STRING: z.string().min(1).optional(),
  /** Client id of the user-assigned managed identity ward runs as. */
  AZURE_CLIENT_ID: z.string().min(1).optional(),
  /** Object id of ward's identity: events whose claims carry it are ward's own writes. */
  WARD_PRINCIPAL_ID: z.string().min(1).optional(),
  /** Subscriptions the sweep reads, comma-separated. */
  WARD_SUBSCRIPTIONS: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    ),
  /** ARM endpoint; the simulator's URL locally. */
  WARD_ARM_ENDPOINT: z.url().default('https://management.azure.com'),
  /** PEM file of a CA to trust for ARM and Key Vault (the simulator's, locally). */
  WARD_CA_FILE: z.string().min(1).optional(),
  /** Public base URL of the approval page, used in Teams cards. */
  WARD_APPROVAL_BASE_URL: z.url().optional(),
  /** Where the shared HTML scan report is published; Teams digests link to it when set. */
  WARD_REPORT_URL: z.url().optional(),
  /** Teams Workflows webhook URL; a Key Vault reference in Azure, never logged. */
  WARD_TEAMS_WEBHOOK_URL: z.url().optional(),
  WARD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /**
   * Key of the approval form's CSRF tokens (base64, at least 32 bytes); in Azure a Key Vault
   * reference. Without it each process makes its own, which only a single instance can use.
   */
  WARD_APPROVAL_CSRF_KEY: csrfKey.optional(),
  /**
   * Directory (tenant) id whose people sign in to the approval page. With
   * WARD_APPROVAL_CLIENT_ID it turns on verification of the signed Entra ID token; without
   * both the approval page refuses to serve.
   */
  WARD_APPROVAL_TENANT_ID: z.guid('must be the directory (tenant) id, a GUID').optional(),
  /** Application (client) id of ward's app registration: the audience the token must carry. */
  WARD_APPROVAL_CLIENT_ID: z.guid('must be the app registration client id, a GUID').optional(),
  /** Another accepted audience, such as a custom application id URI (`api://ward.contoso.com`). */
  WARD_APPROVAL_AUDIENCE: z.string().trim().min(1).optional(),
  /** Where the tenant's signing keys are fetched; `https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys` by default. */
  WARD_APPROVAL_JWKS_URL: jwksUrl.optional(),
  /** Leeway in seconds for the token's expiry and not-before times (0 to 300, default 120). */
  WARD_APPROVAL_CLOCK_SKEW_SECONDS: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .min(0, 'must be 0 or more')
    .max(300, 'must be at most 300 seconds')
    .default(120),
  /**
   * Set by App Service: `True` when App Service authentication is on. Informational: the
   * approval page verifies the signed token itself rather than trust the platform.
   */
  WEBSITE_AUTH_ENABLED: z
    .string()
    .regex(/^(true|false)$/i, 'must be True or False (App Service sets it)')
    .transform((value) => value.toLowerCase() === 'true')
    .optional(),
  /** Set by App Service: present means ward runs in Azure. */
  WEBSITE_SITE_NAME: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;
