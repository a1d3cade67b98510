import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
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
  if (text.trim() === '') return { file, ok: false, problem: 'file is empty' };
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

/**
 * The snapshot inputs named on the command line: a file as it is, a folder as the `.json` files
 * directly inside it (sorted, so output order is stable). A folder with none is a problem.
 */
export async function readSnapshotInputs(paths: readonly string[]): Promise<SnapshotInput[]> {
  const inputs: SnapshotInput[][] = await Promise.all(
    paths.map(async (path): Promise<SnapshotInput[]> => {
      const isFolder = await stat(path).then(
        (found) => found.isDirectory(),
        () => false,
      );
      if (!isFolder) return [await readSnapshotInput(path)];
      const names = (await readdir(path, { withFileTypes: true }))
        .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.json'))
        .map((entry) => entry.name)
        .sort();
      if (names.length === 0) {
        return [{ file: path, ok: false, problem: 'the folder holds no .json files' }];
      }
      return Promise.all(names.map((name) => readSnapshotInput(join(path, name))));
    }),
  );
  return inputs.flat();
}
