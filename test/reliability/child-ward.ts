/**
 * One ward in a process of its own, driving the Event Grid trigger's handler with one event, for
 * the crash tests: at the crash point it names it writes `CHECKPOINT <point>` and waits to be
 * killed (SIGKILL, nothing runs after). Its settings come as JSON in WARD_CHILD.
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

const settings = childSettings(childSettingsSchema.extend({ event: z.unknown() }));

const ward = await createWard({
  ...childWardOptions(settings),
  teams: {},
  retryOptions: { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
  reliability: {
    checkpoint: async (point) => {
      if (point !== settings.crashAt) return;
      process.stdout.write(`CHECKPOINT ${point}\n`);
      await holdUntilKilled();
    },
  },
});

await resourceChangesHandler(ward)(settings.event, `child-${process.pid}`);
process.stdout.write('DONE\n');
process.exit(0);
