import { z } from 'zod';

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
  /** Teams Workflows webhook URL; a Key Vault reference in Azure, never logged. */
  WARD_TEAMS_WEBHOOK_URL: z.url().optional(),
  WARD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** Set by App Service: present means ward runs in Azure. */
  WEBSITE_SITE_NAME: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;
