import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { inject } from 'vitest';
import { createTableStore } from '../../src/store/tables';
import type { TableStore } from '../../src/store/tables';

/**
 * Table stores on the suite's shared Azurite. Every call gets its own table-name prefix, so
 * test files (and tests inside a file) never see each other's rows.
 */
export function tablesForTest(label = 't'): () => TableStore {
  const connectionString = inject('azuriteConnectionString');
  const safeLabel =
    basename(label)
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 12) || 't';
  const base = `${/^[A-Za-z]/.test(safeLabel) ? '' : 't'}${safeLabel}${randomBytes(4).toString('hex')}`;
  let counter = 0;
  return () => {
    counter += 1;
    return createTableStore({ connectionString, prefix: `${base}n${counter}` });
  };
}
