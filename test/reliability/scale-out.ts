import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { CrashPoint } from '../../src/app/reliability';

const CHILD = fileURLToPath(new URL('./scale-out-child.ts', import.meta.url));

export interface WardProcessSettings {
  armUrl: string;
  ca: string;
  connectionString: string;
  tablePrefix: string;
  tenantId: string;
  principalId: string;
  subscriptions: string[];
  policy: Record<string, unknown>;
  teamsUrl: string;
  ticketsUrl: string;
  crashAt: CrashPoint | 'none';
}

export interface WardProcess {
  pid: number;
  /** Runs the Event Grid handler on `event` in the process: true when it returned, false when it threw or the process died. */
  deliver(event: unknown, offsetMs: number): Promise<boolean>;
  /** Settles when the process reports reaching its crash point (never without one). */
  checkpointReached: Promise<CrashPoint>;
  /** SIGKILL: every handling in flight is lost, as when a host dies. */
  kill(): Promise<void>;
  /** Ends the process in order (closes its ward). */
  stop(): Promise<void>;
}

const messageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('result'), id: z.number(), ok: z.boolean() }),
  z.object({ type: z.literal('checkpoint'), point: z.enum(['claimed', 'intent', 'written']) }),
]);

/**
 * Starts scale-out-child.ts as a node process of its own (one instance of a scaled-out Function
 * App) and answers once its ward is built.
 */
export function startWardProcess(settings: WardProcessSettings): Promise<WardProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, WARD_CHILD: JSON.stringify(settings) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const waiting = new Map<number, (ok: boolean) => void>();
  let next = 0;
  let exited = false;
  let onCheckpoint: (point: CrashPoint) => void = () => undefined;
  const checkpointReached = new Promise<CrashPoint>((resolve) => {
    onCheckpoint = resolve;
  });
  const exit = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exited = true;
      // A dead process answers nothing: its deliveries failed, Event Grid delivers them again.
      for (const settle of waiting.values()) settle(false);
      waiting.clear();
      resolve();
    });
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    void exit.then(() => {
      reject(new Error(`ward process ended before it was ready: ${err}`));
    });
    child.on('message', (raw) => {
      const message = messageSchema.parse(raw);
      if (message.type === 'checkpoint') onCheckpoint(message.point);
      else if (message.type === 'result') {
        waiting.get(message.id)?.(message.ok);
        waiting.delete(message.id);
      } else {
        resolve({
          pid: child.pid ?? 0,
          checkpointReached,
          deliver: (event, offsetMs) => {
            if (exited) return Promise.resolve(false);
            next += 1;
            const id = next;
            return new Promise<boolean>((settle) => {
              waiting.set(id, settle);
              child.send({ type: 'deliver', id, offsetMs, event }, (error) => {
                // The process died between the check and the send.
                if (!error) return;
                waiting.delete(id);
                settle(false);
              });
            });
          },
          kill: async () => {
            if (!exited) child.kill('SIGKILL');
            await exit;
          },
          stop: async () => {
            if (!exited) child.disconnect();
            await exit;
          },
        });
      }
    });
  });
}
