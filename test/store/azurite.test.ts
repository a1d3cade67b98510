import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { startAzurite } from '../../src/store/azurite';
import { StoreError } from '../../src/store/errors';
import { createTableStore } from '../../src/store/tables';

/** Alive and not a zombie waiting for a reaper (Linux reports the state in /proc). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

describe('startAzurite', () => {
  it('serves tables on loopback and is gone after stop()', async () => {
    const azurite = await startAzurite();
    try {
      expect(azurite.tableUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
      expect(new Set([azurite.tableUrl, azurite.blobUrl, azurite.queueUrl]).size).toBe(3);
      const tables = createTableStore({ connectionString: azurite.connectionString, prefix: 'h' });
      const client = await tables.table('Probe');
      await client.createEntity({ partitionKey: 'p', rowKey: 'r', value: 'kept' });
      const read = await client.getEntity<{ value: string }>('p', 'r');
      expect(read.value).toBe('kept');
      expect(isRunning(azurite.pid)).toBe(true);
    } finally {
      await azurite.stop();
    }
    expect(isRunning(azurite.pid)).toBe(false);
    // stop() is safe to call twice.
    await azurite.stop();
  });

  it('stops by itself when the process that started it dies without stop()', async () => {
    // The killed parent never removes its scratch folder: keep it in one this test removes.
    const scratch = mkdtempSync(join(tmpdir(), 'ward-azurite-orphan-'));
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'orphan-parent.ts')],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TMPDIR: scratch } },
    );
    const lines = createInterface({ input: parent.stdout });
    const [line] = (await once(lines, 'line')) as [string];
    const { pid } = JSON.parse(line) as { pid: number };
    try {
      expect(isRunning(pid)).toBe(true);
      parent.kill('SIGKILL');
      await once(parent, 'exit');
      // Poll (not a timing assertion): the orphan must be gone well before the test timeout.
      while (isRunning(pid)) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(isRunning(pid)).toBe(false);
    } finally {
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
      if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("fails with a coded error that carries Azurite's own message", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-azurite-test-'));
    const notADirectory = join(dir, 'file');
    writeFileSync(notADirectory, 'x');
    try {
      const failure = await startAzurite({ inMemory: false, dir: notADirectory }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StoreError);
      expect((failure as StoreError).code).toBe('AZURITE_START_FAILED');
      expect((failure as StoreError).message).toMatch(/exited with code 1: .*EEXIST/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('persists to a folder when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-azurite-test-'));
    try {
      const first = await startAzurite({ inMemory: false, dir });
      const write = await createTableStore({ connectionString: first.connectionString }).table(
        'Kept',
      );
      await write.createEntity({ partitionKey: 'p', rowKey: 'r', v: 'survives' });
      await first.stop();
      const second = await startAzurite({ inMemory: false, dir });
      try {
        const read = await createTableStore({ connectionString: second.connectionString }).table(
          'Kept',
        );
        expect((await read.getEntity<{ v: string }>('p', 'r')).v).toBe('survives');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses persistent mode without a directory, with a coded error', async () => {
    const failure = await startAzurite({ inMemory: false }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).code).toBe('AZURITE_START_FAILED');
  });
});
