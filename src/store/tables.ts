import { TableClient } from '@azure/data-tables';
import type { TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';
import { asciiBodyPolicy } from './ascii-body';
import { StoreError, statusOf } from './errors';
import { recreateTablePolicy } from './recreate-table';

/** The tables ward keeps its state in (before the prefix). */
export const TABLE_NAMES = {
  ledger: 'WardLedger',
  ledgerByResource: 'WardLedgerByResource',
  seenEvents: 'WardSeenEvents',
  watermarks: 'WardWatermarks',
  exemptions: 'WardExemptions',
  budget: 'WardBudget',
  fixes: 'WardFixes',
} as const;

export type TableName = (typeof TABLE_NAMES)[keyof typeof TABLE_NAMES];

export type TableStoreOptions = (
  | {
      /** Azurite (or an account key in a developer's own setup): never used in Azure. */
      connectionString: string;
    }
  | {
      /** `https://{account}.table.core.windows.net`: the managed identity authenticates. */
      endpoint: string;
      credential: TokenCredential;
    }
) & {
  /** Prepended to every table name; letters and digits, starting with a letter. */
  prefix?: string;
  /** Passed to every TableClient (retry options, TLS for a loopback endpoint, ...). */
  clientOptions?: TableServiceClientOptions;
};

export interface TableStore {
  readonly prefix: string;
  /** A client for `name` (prefixed); the table is created on the first call. */
  table(name: string): Promise<TableClient>;
}

const TABLE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]{2,62}$/;
const PREFIX_PATTERN = /^([A-Za-z][A-Za-z0-9]*)?$/;

function isHttp(url: string): boolean {
  return url.trim().toLowerCase().startsWith('http:');
}

function tableEndpointOf(connectionString: string): string | undefined {
  for (const part of connectionString.split(';')) {
    const [key, ...rest] = part.split('=');
    if (key?.trim().toLowerCase() === 'tableendpoint') return rest.join('=');
  }
  return undefined;
}

/**
 * Builds table clients for ward's state. Each store memoizes the creation of its tables, so
 * "create if missing" costs one request per table per process, and nothing is global.
 */
export function createTableStore(options: TableStoreOptions): TableStore {
  const prefix = options.prefix ?? '';
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new StoreError(
      'STORE_INVALID_INPUT',
      `Table name prefix ${JSON.stringify(prefix)} must be letters and digits, starting with a letter.`,
    );
  }
  const created = new Map<string, Promise<TableClient>>();

  const additionalPolicies = [
    ...(options.clientOptions?.additionalPolicies ?? []),
    { policy: asciiBodyPolicy(), position: 'perCall' as const },
  ];

  function clientWith(tableName: string, policies: typeof additionalPolicies): TableClient {
    if ('connectionString' in options) {
      const endpoint = tableEndpointOf(options.connectionString) ?? '';
      return TableClient.fromConnectionString(options.connectionString, tableName, {
        ...options.clientOptions,
        additionalPolicies: policies,
        allowInsecureConnection: isHttp(endpoint),
      });
    }
    return new TableClient(options.endpoint, tableName, options.credential, {
      ...options.clientOptions,
      additionalPolicies: policies,
      allowInsecureConnection: isHttp(options.endpoint),
    });
  }

  async function createTable(client: TableClient): Promise<void> {
    try {
      await client.createTable();
    } catch (error) {
      // The SDK already tolerates TableAlreadyExists; a 409 from a racing creator is the same.
      if (statusOf(error) !== 409) throw error;
    }
  }

  /** The client recreates its table when storage answers that it is gone (see recreate-table). */
  function clientFor(tableName: string): TableClient {
    const creator = clientWith(tableName, additionalPolicies);
    return clientWith(tableName, [
      ...additionalPolicies,
      { policy: recreateTablePolicy(() => createTable(creator)), position: 'perCall' as const },
    ]);
  }

  async function create(tableName: string): Promise<TableClient> {
    const client = clientFor(tableName);
    await createTable(client);
    return client;
  }

  return {
    prefix,
    table(name) {
      const tableName = `${prefix}${name}`;
      if (!TABLE_NAME_PATTERN.test(tableName)) {
        return Promise.reject(
          new StoreError(
            'STORE_INVALID_INPUT',
            `Table name ${JSON.stringify(tableName)} must be 3-63 letters and digits, starting with a letter.`,
          ),
        );
      }
      let pending = created.get(tableName);
      if (!pending) {
        pending = create(tableName);
        created.set(tableName, pending);
        // A failed creation is not remembered: the next call tries again.
        pending.catch(() => created.delete(tableName));
      }
      return pending;
    },
  };
}
