import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CrashPoint } from '../../src/app/reliability';

const CHILD = fileURLToPath(new URL('./child-ward.ts', import.meta.url));

export interface ChildSettings {
  armUrl: string;
  ca: string;
  connectionString: string;
  tablePrefix: string;
  tenantId: string;
  principalId: string;
  subscriptions: string[];
  policy: Record<string, unknown>;
  crashAt: CrashPoint | 'none';
  event: unknown;
}

/**
 * Runs child-ward.ts in a node process of its own. With a crash point, SIGKILLs the process as
 * soon as it reports reaching it and answers `killed`; otherwise answers `done` when the
 * handler returned.
 */
export function runChildWard(settings: ChildSettings): Promise<'killed' | 'done'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, WARD_CHILD: JSON.stringify(settings) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (
        !killed &&
        settings.crashAt !== 'none' &&
        out.includes(`CHECKPOINT ${settings.crashAt}`)
      ) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve('killed');
      else if (code === 0 && out.includes('DONE')) resolve('done');
      else reject(new Error(`child ward ended ${signal ?? code ?? '?'}: ${err || out}`));
    });
  });
}
