import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { inject } from 'vitest';
import { z } from 'zod';
import { startAzurite, type AzuriteInstance } from '../../src/store/azurite';

export interface TableEnv {
  connectionString: string;
  /** A client for a fresh, uniquely named table. */
  table(prefix: string): TableClient;
  stop(): Promise<void>;
}

/**
 * Uses the suite-wide Azurite when global setup provides one, else starts a private one
 * (stopped by its pid in `stop`).
 */
export async function tableEnv(): Promise<TableEnv> {
  const injected = z
    .string()
    .min(1)
    .optional()
    .parse((inject as (key: string) => unknown)('azuriteConnectionString'));
  let own: AzuriteInstance | undefined;
  const connectionString = injected ?? (own = await startAzurite()).connectionString;
  return {
    connectionString,
    table: (prefix) =>
      TableClient.fromConnectionString(
        connectionString,
        `${prefix}${randomBytes(6).toString('hex')}`,
        { allowInsecureConnection: true },
      ),
    stop: async () => {
      await own?.stop();
    },
  };
}
