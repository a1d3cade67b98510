/**
 * One ward process of a scaled-out app, for the fault matrix: it builds a ward from the settings
 * in WARD_CHILD (JSON) and runs the Event Grid trigger's handler for every event the parent sends
 * over IPC, several at once, answering whether the handler returned or threw (a throw is what
 * makes Event Grid deliver again). Each message carries the clock offset of its delivery round.
 * With `crashAt`, the first handling to reach that point reports `checkpoint` and hangs there
 * until the parent kills the process (SIGKILL: nothing else runs).
 */
import pino from 'pino';
import { z } from 'zod';
import { createWard } from '../../src/app/create-ward';
import { policySchema } from '../../src/config/policy';
import { makeSignalTrigger } from '../../src/events/trigger';
import { SimulatorCredential } from '../../src/simulator/credential';

const settingsSchema = z.object({
  armUrl: z.string(),
  ca: z.string(),
  connectionString: z.string(),
  tablePrefix: z.string(),
  tenantId: z.string(),
  principalId: z.string(),
  subscriptions: z.array(z.string()),
  policy: z.record(z.string(), z.unknown()),
  teamsUrl: z.string(),
  ticketsUrl: z.string(),
  crashAt: z.enum(['claimed', 'intent', 'written', 'none']),
});

const deliverySchema = z.object({
  type: z.literal('deliver'),
  id: z.number().int(),
  offsetMs: z.number(),
  event: z.unknown(),
});

const settings = settingsSchema.parse(JSON.parse(process.env.WARD_CHILD ?? '{}'));
const send = (message: Record<string, unknown>): void => {
  process.send?.(message);
};

let offsetMs = 0;
let crashed = false;
const ward = await createWard({
  armEndpoint: settings.armUrl,
  ca: settings.ca,
  credential: new SimulatorCredential({
    oid: settings.principalId,
    tid: settings.tenantId,
    name: 'ward',
  }),
  tables: { connectionString: settings.connectionString },
  tablePrefix: settings.tablePrefix,
  policy: policySchema.parse(settings.policy),
  principalId: settings.principalId,
  subscriptions: settings.subscriptions,
  approvalBaseUrl: 'https://ward.example.test',
  teams: { webhookUrl: settings.teamsUrl, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } },
  tickets: { webhookUrl: settings.ticketsUrl },
  logger: pino({ level: 'silent' }),
  now: () => new Date(Date.now() + offsetMs),
  verify: { attempts: 3, delayMs: 5 },
  retryOptions: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10))),
  reliability: {
    writeRetry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    checkpoint: async (point) => {
      if (crashed || point !== settings.crashAt) return;
      crashed = true;
      send({ type: 'checkpoint', point });
      // Held here until the parent kills the process.
      await new Promise<never>(() => undefined);
    },
  },
});

// The body of functions/resource-changes (that module registers with the Functions host on
// import, which a plain node process has not got).
const handler = makeSignalTrigger('eventgrid', () => Promise.resolve(ward.useCases));
const quiet = (): void => undefined;

process.on('message', (raw) => {
  const message = deliverySchema.parse(raw);
  offsetMs = message.offsetMs;
  handler(message.event, {
    invocationId: `scale-${process.pid}-${message.id}`,
    functionName: 'resourceChanges',
    info: quiet,
    warn: quiet,
    error: quiet,
  }).then(
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
