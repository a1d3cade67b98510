import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { EntraSignInSettings } from '../approvals/entra-token';
import { createCredential } from '../azure/credential';
import type { Env } from '../config/env';
import { ConfigError } from '../config/errors';
import { loadEnv } from '../config/load-env';
import { loadPolicyFromEnv } from '../config/load-policy';
import type { Policy } from '../config/policy';
import { redactingPinoOptions } from '../notify/redact';
import { createWard } from './create-ward';
import type { WardOptions } from './types';
import type { LoadUseCases } from './ports';

type Settings = Readonly<Record<string, string | undefined>>;

function missing(setting: string, message: string): ConfigError {
  return new ConfigError('env-invalid', 'environment', [{ path: setting, message }]);
}

/** A secret app setting the policy names (a Key Vault reference in Azure). */
function secretSetting(settings: Settings, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const value = settings[name];
  return value === undefined || value === '' ? undefined : value;
}

function readCa(env: Env): string | undefined {
  if (env.WARD_CA_FILE === undefined) return undefined;
  try {
    return readFileSync(env.WARD_CA_FILE, 'utf8');
  } catch (cause) {
    throw missing(
      'WARD_CA_FILE',
      `cannot read ${env.WARD_CA_FILE}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/** Bytes of the per-process CSRF key made when none is configured locally. */
const LOCAL_CSRF_KEY_BYTES = 32;

/**
 * The approval form's CSRF key, shared by every instance (GET on one, POST on another). In
 * Azure (App Service sets WEBSITE_SITE_NAME) a per-process key would break approvals as soon
 * as a second instance runs, so a missing key stops the start; locally one is made and logged.
 */
function csrfKey(env: Env, logger: Logger): Uint8Array {
  if (env.WARD_APPROVAL_CSRF_KEY !== undefined) return env.WARD_APPROVAL_CSRF_KEY;
  if (env.WEBSITE_SITE_NAME !== undefined) {
    throw missing(
      'WARD_APPROVAL_CSRF_KEY',
      'is required in Azure: every instance must sign the approval form with the same key (base64 of at least 32 random bytes, e.g. `openssl rand -base64 32`, as a Key Vault reference)',
    );
  }
  logger.warn(
    { setting: 'WARD_APPROVAL_CSRF_KEY' },
    'no approval CSRF key configured: this process made its own, so only this instance can accept approval forms',
  );
  return randomBytes(LOCAL_CSRF_KEY_BYTES);
}

/**
 * The approval page's sign-in check from WARD_APPROVAL_TENANT_ID and WARD_APPROVAL_CLIENT_ID
 * (both or neither). Without them approvals are refused (503), never served on a header alone.
 */
function approvalSignIn(env: Env, logger: Logger): EntraSignInSettings | undefined {
  const tenantId = env.WARD_APPROVAL_TENANT_ID;
  const clientId = env.WARD_APPROVAL_CLIENT_ID;
  if (tenantId === undefined && clientId === undefined) {
    logger.warn(
      { settings: ['WARD_APPROVAL_TENANT_ID', 'WARD_APPROVAL_CLIENT_ID'] },
      'approval sign-in is not configured: the approval page refuses every request',
    );
    return undefined;
  }
  if (tenantId === undefined) {
    throw missing(
      'WARD_APPROVAL_TENANT_ID',
      'is required with WARD_APPROVAL_CLIENT_ID: the tenant whose tokens the approval page accepts',
    );
  }
  if (clientId === undefined) {
    throw missing(
      'WARD_APPROVAL_CLIENT_ID',
      "is required with WARD_APPROVAL_TENANT_ID: ward's app registration, the audience of the approval page's tokens",
    );
  }
  const audiences = [clientId, `api://${clientId}`];
  if (env.WARD_APPROVAL_AUDIENCE !== undefined) audiences.push(env.WARD_APPROVAL_AUDIENCE);
  return {
    tenantId,
    audiences,
    ...(env.WARD_APPROVAL_JWKS_URL !== undefined ? { jwksUrl: env.WARD_APPROVAL_JWKS_URL } : {}),
    clockSkewSeconds: env.WARD_APPROVAL_CLOCK_SKEW_SECONDS,
  };
}

/**
 * WardOptions from app settings: the credential is the managed identity in Azure, else
 * DefaultAzureCredential; Tables through WARD_STORAGE_TABLE_URL and that identity, or a local
 * connection string. Throws ConfigError naming the setting that is missing or wrong. The log
 * goes to stdout (where the Functions host collects it) unless `logDestination` is given.
 */
export async function wardOptionsFromEnv(
  settings: Settings,
  logDestination?: DestinationStream,
): Promise<WardOptions> {
  const env = loadEnv(settings);
  const policy: Policy = loadPolicyFromEnv(env);
  if (env.WARD_PRINCIPAL_ID === undefined) {
    throw missing(
      'WARD_PRINCIPAL_ID',
      "is required: ward's object id tells its own writes apart (loop guard)",
    );
  }
  if (
    env.WARD_STORAGE_TABLE_URL === undefined &&
    env.WARD_STORAGE_CONNECTION_STRING === undefined
  ) {
    throw missing(
      'WARD_STORAGE_TABLE_URL',
      'set it (or WARD_STORAGE_CONNECTION_STRING locally): ward keeps its state in Tables',
    );
  }
  const teamsWebhook =
    secretSetting(settings, policy.teams.webhookUrlSetting) ?? env.WARD_TEAMS_WEBHOOK_URL;
  const ticketWebhook = secretSetting(settings, policy.tickets.webhookUrlSetting);
  if (policy.tickets.target === 'webhook' && ticketWebhook === undefined) {
    throw missing(
      policy.tickets.webhookUrlSetting ?? 'tickets.webhookUrlSetting',
      'tickets.target is webhook, so this setting must hold the ticket webhook URL',
    );
  }
  const ca = readCa(env);
  // App Service names the app's own host; the approval page is served there unless told otherwise.
  const host = secretSetting(settings, 'WEBSITE_HOSTNAME');
  const approvalBaseUrl = env.WARD_APPROVAL_BASE_URL ?? (host ? `https://${host}` : undefined);
  const secrets = [teamsWebhook, ticketWebhook].filter(
    (value): value is string => value !== undefined,
  );
  const loggerOptions = { level: env.WARD_LOG_LEVEL, ...redactingPinoOptions(secrets) };
  const logger =
    logDestination !== undefined ? pino(loggerOptions, logDestination) : pino(loggerOptions);
  const key = csrfKey(env, logger);
  const signIn = approvalSignIn(env, logger);
  const credential = await createCredential(env);
  return {
    armEndpoint: env.WARD_ARM_ENDPOINT,
    credential,
    tables:
      env.WARD_STORAGE_TABLE_URL !== undefined
        ? { url: env.WARD_STORAGE_TABLE_URL, credential }
        : { connectionString: env.WARD_STORAGE_CONNECTION_STRING ?? '' },
    policy,
    principalId: env.WARD_PRINCIPAL_ID,
    ...(env.AZURE_CLIENT_ID !== undefined ? { clientId: env.AZURE_CLIENT_ID } : {}),
    subscriptions: env.WARD_SUBSCRIPTIONS,
    teams: { ...(teamsWebhook !== undefined ? { webhookUrl: teamsWebhook } : {}) },
    tickets: { ...(ticketWebhook !== undefined ? { webhookUrl: ticketWebhook } : {}) },
    ...(signIn !== undefined ? { approvalSignIn: signIn } : {}),
    logger,
    verify: { attempts: 5, delayMs: 2_000 },
    ...(ca !== undefined ? { ca } : {}),
    csrfKey: key,
    ...(approvalBaseUrl !== undefined ? { approvalBaseUrl } : {}),
    ...(env.WARD_REPORT_URL !== undefined ? { reportUrl: env.WARD_REPORT_URL } : {}),
  };
}

/**
 * A loader that builds the use cases on its first call and answers the same promise after.
 * A configuration error is kept (every invocation fails naming the setting); any other
 * failure is forgotten so the next invocation tries again.
 */
export function createUseCasesLoader(settings: Settings = process.env): LoadUseCases {
  let pending: ReturnType<LoadUseCases> | undefined;
  return () => {
    pending ??= (async () => {
      const ward = await createWard(await wardOptionsFromEnv(settings));
      return ward.useCases;
    })();
    pending.catch((error: unknown) => {
      if (!(error instanceof ConfigError)) pending = undefined;
    });
    return pending;
  };
}

/** The production entry the Functions triggers reach through `loadUseCases`. */
export const getUseCases: LoadUseCases = createUseCasesLoader();
