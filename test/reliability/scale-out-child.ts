/**
 * One ward process of a scaled-out app, for the fault matrix: it builds a ward from the settings
 * in WARD_CHILD (JSON) and runs the Event Grid trigger's handler for every event the parent sends
 * over IPC, several at once, answering whether the handler returned or threw (a throw is what
 * makes Event Grid deliver again). Each message carries the clock offset of its delivery round.
 * With `crashAt`, the first handling to reach that point reports `checkpoint` and hangs there
 * until the parent kills the process (SIGKILL: nothing else runs).
 */
import { z } from 'zod';
import { createWard } from '../../src/app/create-ward';
import {
  childSettings,
  childSettingsSchema,
  childWardOptions,
  holdUntilKilled,
  resourceChangesHandler,
} from './child-process-ward';

const settingsSchema = childSettingsSchema.extend({ teamsUrl: z.string(), ticketsUrl: z.string() });

const deliverySchema = z.object({
  type: z.literal('deliver'),
  id: z.number().int(),
  offsetMs: z.number(),
  event: z.unknown(),
});

const settings = childSettings(settingsSchema);
const send = (message: Record<string, unknown>): void => {
  process.send?.(message);
};

let offsetMs = 0;
let crashed = false;
const ward = await createWard({
  ...childWardOptions(settings),
  teams: { webhookUrl: settings.teamsUrl, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } },
  tickets: { webhookUrl: settings.ticketsUrl },
  now: () => new Date(Date.now() + offsetMs),
  retryOptions: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10))),
  reliability: {
    writeRetry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    checkpoint: async (point) => {
      if (crashed || point !== settings.crashAt) return;
      crashed = true;
      send({ type: 'checkpoint', point });
      await holdUntilKilled();
    },
  },
});

const handle = resourceChangesHandler(ward);

process.on('message', (raw) => {
  const message = deliverySchema.parse(raw);
  offsetMs = message.offsetMs;
  handle(message.event, `scale-${process.pid}-${message.id}`).then(
    () => {
      send({ type: 'result', id: message.id, ok: true });
    },
    () => {
      send({ type: 'result', id: message.id, ok: false });
    },
  );
});
// Closing the IPC channel is the parent's way to end the process.
process.on('disconnect', () => {
  void ward.close().finally(() => process.exit(0));
});
send({ type: 'ready' });
