import { readFile } from 'node:fs/promises';
import type { Snapshot } from '../domain';
import { parseSnapshotFile, SnapshotFileError } from '../engine/snapshot-file';

export type SnapshotInput =
  { file: string; ok: true; snapshots: Snapshot[] } | { file: string; ok: false; problem: string };

/** Reads one snapshot file; every failure becomes a problem naming what is wrong. */
export async function readSnapshotInput(file: string): Promise<SnapshotInput> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(cause);
    return { file, ok: false, problem: `cannot read: ${reason}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return {
      file,
      ok: false,
      problem: `invalid JSON: ${cause instanceof Error ? cause.message : String(cause)}`,
    };
  }
  try {
    return { file, ok: true, snapshots: parseSnapshotFile(value) };
  } catch (cause) {
    if (cause instanceof SnapshotFileError) {
      return { file, ok: false, problem: `not a snapshot: ${cause.message}` };
    }
    throw cause;
  }
}
