import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureClients } from '../azure/clients';
import type { TicketSystemName, TicketSystemsPolicy } from '../config/ticket-systems';
import type { TableStore } from '../store/tables';
import { createExternalTickets, type ExternalTickets } from '../tickets/external';
import { httpsFetch } from '../tickets/https-fetch';
import { systemFor } from '../tickets/route';
import { createTicketSync, type DeliveredOp } from '../tickets/sync';
import { createTicketSyncStore } from '../tickets/sync-store';
import { TicketSystemError, type TicketSystem } from '../tickets/system';
import { createAzureDevOpsSystem } from '../tickets/systems/azure-devops';
import { createGitHubSystem } from '../tickets/systems/github';
import { createServiceNowSystem } from '../tickets/systems/servicenow';
import { createJiraSystem } from '../tickets/systems/jira';
import { jiraSecretUri } from '../config/ticket-jira';

export const TICKET_SYNC_TABLE = 'WardTicketSync';

/** How ward reaches ticket systems beyond the policy: local stand-ins' CA, shorter waits. */
export interface TicketSystemsOptions {
  /** PEM of an extra CA to trust for the ticket systems (the local stand-ins'). */
  ca?: string;
  /** Longest Retry-After ward waits inside one delivery; longer ones wait for the next run. */
  maxRetryAfterMs?: number;
  baseDelayMs?: number;
}

export interface TicketSystemsWiring {
  policy: TicketSystemsPolicy;
  credential: TokenCredential;
  clients: Pick<AzureClients, 'secrets'>;
  tables: TableStore;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  options?: TicketSystemsOptions;
  /** Exact secret values that must never reach a ticket (the webhook URLs). */
  secrets: readonly string[];
  alert: (alert: {
    system: TicketSystemName;
    status?: number;
    summary: string;
    fix: string;
  }) => Promise<void>;
  onDelivered: (delivered: DeliveredOp) => Promise<void>;
}

/** Reads a Key Vault secret by its URI through ward's identity, at the time it is needed. */
async function readSecret(
  clients: Pick<AzureClients, 'secrets'>,
  system: TicketSystemName,
  uri: string,
): Promise<string> {
  const url = new URL(uri);
  const name = url.pathname.split('/').filter(Boolean)[1] ?? '';
  try {
    const client = await clients.secrets(url.origin);
    const secret = await client.getSecret(name);
    if (!secret.value) throw new Error('the secret has no value');
    return secret.value;
  } catch (error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    // ward cannot authenticate to the system without it: people must fix access to the vault.
    throw new TicketSystemError(
      system,
      typeof status === 'number' && status >= 500 ? 'transient' : 'access',
      `reading ${url.origin}/secrets/${name} from Key Vault failed: ${error instanceof Error ? error.message : String(error)}`,
      typeof status === 'number' ? status : undefined,
    );
  }
}

/**
 * The ticket systems the policy routes findings to, with their outbox; undefined when the
 * policy names none (tickets stay in ward's table and Teams).
 */
export function wireTicketSystems(wiring: TicketSystemsWiring): ExternalTickets | undefined {
  const { policy } = wiring;
  if (policy.default === undefined && policy.routes.length === 0) return undefined;
  const ca = wiring.options?.ca;
  let caFile: string | undefined;
  // azure-devops-node-api reads an extra CA from a file only.
  const caFileOf = (): string | undefined => {
    if (ca === undefined) return undefined;
    if (caFile === undefined) {
      caFile = join(mkdtempSync(join(tmpdir(), 'ward-tickets-')), 'ca.pem');
      writeFileSync(caFile, ca, { mode: 0o600 });
    }
    return caFile;
  };

  const build = async (name: TicketSystemName): Promise<TicketSystem> => {
    switch (name) {
      case 'github': {
        const github = policy.github;
        if (!github) break;
        const privateKey = await readSecret(wiring.clients, 'github', github.privateKeySecret);
        return createGitHubSystem({
          policy: github,
          privateKey,
          fetch: httpsFetch(ca !== undefined ? { ca } : {}),
          now: wiring.now,
        });
      }
      case 'azure-devops': {
        const ado = policy.azureDevOps;
        if (!ado) break;
        const file = caFileOf();
        return createAzureDevOpsSystem({
          policy: ado,
          credential: wiring.credential,
          now: wiring.now,
          ...(file !== undefined ? { caFile: file } : {}),
        });
      }
      case 'servicenow': {
        const serviceNow = policy.serviceNow;
        if (!serviceNow) break;
        const clientSecret = await readSecret(
          wiring.clients,
          'servicenow',
          serviceNow.clientSecretSecret,
        );
        return createServiceNowSystem({
          policy: serviceNow,
          clientSecret,
          fetch: httpsFetch(ca !== undefined ? { ca } : {}),
          now: wiring.now,
        });
      }
      case 'jira': {
        const jira = policy.jira;
        if (!jira) break;
        // The API token or OAuth 2.0 access token, read each time the system is built.
        const secret = await readSecret(wiring.clients, 'jira', jiraSecretUri(jira));
        return createJiraSystem({
          policy: jira,
          secret,
          fetch: httpsFetch(ca !== undefined ? { ca } : {}),
          now: wiring.now,
        });
      }
    }
    // The policy's schema refuses a route to a system it does not configure.
    throw new TicketSystemError(
      name,
      'refused',
      `tickets go to ${name}, which the policy does not configure`,
    );
  };

  const store = createTicketSyncStore(() => wiring.tables.table(TICKET_SYNC_TABLE));
  const sync = createTicketSync({
    store,
    system: build,
    now: wiring.now,
    sleep: wiring.sleep,
    alert: wiring.alert,
    onDelivered: wiring.onDelivered,
    ...(wiring.options?.maxRetryAfterMs !== undefined
      ? { maxRetryAfterMs: wiring.options.maxRetryAfterMs }
      : {}),
    ...(wiring.options?.baseDelayMs !== undefined
      ? { baseDelayMs: wiring.options.baseDelayMs }
      : {}),
  });
  return createExternalTickets({
    sync,
    store,
    route: (ruleId, resourceId) => systemFor(policy, ruleId, resourceId),
    now: wiring.now,
    secrets: wiring.secrets,
  });
}
