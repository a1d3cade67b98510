import { describe, expect, it } from 'vitest';
import { parseEvents } from '../../src/events';
import { EventParseError } from '../../src/events/errors';
import { AzureError } from '../../src/azure/errors';
import {
  resourceGraphPages,
  resourceGraphPageSchema,
} from '../../src/readers/resource-graph-pages';
import { startSimulator } from '../../src/simulator';
import type { SimulatorPlugin } from '../../src/simulator/core';
import type { Seed } from '../../src/simulator/seed/format';
import { simulatorClients, WARD_PRINCIPAL_ID } from '../support/simulator';
import { recordedFiles } from './corpus';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const SEED: Seed = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  subscriptions: [{ subscriptionId: SUBSCRIPTION, displayName: 'recorded' }],
  resources: [],
  secrets: [],
};

/** Answers every Resource Graph query with one recorded page, as recorded. */
function recordedGraphAnswer(body: unknown): SimulatorPlugin {
  let unregister: (() => void) | undefined;
  return {
    name: 'recorded-resource-graph',
    install(core) {
      unregister = core.routes.register({
        name: 'recorded-resource-graph',
        method: 'POST',
        pattern: /^\/providers\/Microsoft\.ResourceGraph\/resources\/?$/i,
        plane: 'arm',
        kind: 'read',
        handle: () => ({ status: 200, body }),
      });
    },
    stop() {
      unregister?.();
    },
  };
}

async function pagesServing(body: unknown): Promise<Record<string, unknown>[][]> {
  const sim = await startSimulator({ seed: SEED, plugins: [recordedGraphAnswer(body)] });
  try {
    const clients = simulatorClients(sim, SEED, { oid: WARD_PRINCIPAL_ID, name: 'ward' });
    const pages: Record<string, unknown>[][] = [];
    for await (const rows of resourceGraphPages(await clients.resourceGraph(), {
      query: 'resources | project id, tags, properties',
      subscriptions: [SUBSCRIPTION],
      failure: 'Resource Graph could not list resources',
    })) {
      pages.push(rows);
    }
    return pages;
  } finally {
    await sim.stop();
  }
}

describe('recorded Event Grid events through the event parser', () => {
  const events = recordedFiles('events');

  it('holds at least three events', () => {
    const count = events.reduce(
      (sum, { value }) => sum + (Array.isArray(value) ? value.length : 1),
      0,
    );
    expect(count).toBeGreaterThanOrEqual(3);
  });

  it.each(events.map(({ file, value }) => [file, value] as const))(
    '%s yields a signal or a coded refusal',
    (_file, value) => {
      const items = Array.isArray(value) ? value : [value];
      const { signals, rejected } = parseEvents(value);
      expect(signals.length + rejected.length).toBe(items.length);
      for (const { error } of rejected) {
        expect(error).toBeInstanceOf(EventParseError);
        expect(['malformed', 'unsupported-type']).toContain(error.code);
        expect(error.message.length).toBeGreaterThan(0);
      }
      for (const signal of signals) {
        expect(signal.eventId.length).toBeGreaterThan(0);
        expect(Number.isNaN(Date.parse(signal.eventTime))).toBe(false);
      }
    },
  );

  it('reads the recorded Key Vault secret events as signals for the secret version', () => {
    const secretEvents = events.filter(({ file }) => file.includes('keyvault-secret'));
    expect(secretEvents.length).toBeGreaterThanOrEqual(2);
    for (const { file, value } of secretEvents) {
      const { signals, rejected } = parseEvents(value);
      expect(rejected, file).toEqual([]);
      expect(signals[0]?.secret, file).toEqual({
        vaultName: 'sample-kv',
        name: 'newsecret',
        version: 'ee059b2bb5bc48398a53b168c6cdcb10',
      });
    }
  });
});

describe('Event Grid events from the Java SDK test payloads through the event parser', () => {
  const sdk = recordedFiles('events').filter(({ file }) => file.includes('.sdk-java.'));
  const parsed = (name: string) => {
    const entry = sdk.find(({ file }) => file.includes(name));
    if (!entry) throw new Error(`no recorded ${name} event`);
    return parseEvents(entry.value);
  };

  it('holds three of them', () => {
    expect(sdk.length).toBeGreaterThanOrEqual(3);
  });

  it('reads ResourceWriteSuccess as a signal for the resource the event names', () => {
    const { signals, rejected } = parsed('resource-write-success');
    expect(rejected).toEqual([]);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      eventType: 'Microsoft.Resources.ResourceWriteSuccess',
      eventId: '25b3b0d0-d79b-44d5-9963-440d4e6a9bba',
      operationName: 'Microsoft.EventGrid/eventSubscriptions/write',
      correlationId: '54ef1e39-6a82-44b3-abc1-bdeb6ce4d3c6',
    });
    expect(signals[0]?.resourceId).toMatch(/\/eventSubscriptions\/LogicAppdd584bdf-/);
  });

  it('refuses ResourceWriteFailure as a type ward does not handle', () => {
    const { signals, rejected } = parsed('resource-write-failure');
    expect(signals).toEqual([]);
    expect(rejected.map(({ error }) => error.code)).toEqual(['unsupported-type']);
    expect(rejected[0]?.error.message).toContain('Microsoft.Resources.ResourceWriteFailure');
  });

  it('refuses ResourceDeleteSuccess whose claims are JSON text as malformed, naming the members', () => {
    const { signals, rejected } = parsed('resource-delete-success');
    expect(signals).toEqual([]);
    expect(rejected.map(({ error }) => error.code)).toEqual(['malformed']);
    expect(rejected[0]?.error.message).toMatch(/data\.claims/);
  });
});

describe('a recorded Resource Graph answer through the paging reader', () => {
  const pages = recordedFiles('resource-graph');

  it('holds at least one recorded resources answer', () => {
    expect(pages.length).toBeGreaterThanOrEqual(1);
  });

  it.each(pages.map(({ file, value }) => [file, value] as const))(
    '%s: the page schema reads it as recorded',
    (_file, value) => {
      // The wire body spells the token `$skipToken`; the schema reads what the SDK hands over.
      const parsed = resourceGraphPageSchema.parse(value);
      expect(parsed.count).toBe(parsed.data.length);
    },
  );

  it.each(pages.map(({ file, value }) => [file, value] as const))(
    '%s: served verbatim, the real SDK client and the reader return its rows',
    async (_file, value) => {
      const recorded = resourceGraphPageSchema.parse(value);
      const read = await pagesServing(value);
      expect(read).toEqual([recorded.data]);
    },
  );

  it('refuses a table-format answer with a coded error naming the problem', async () => {
    const [first] = pages;
    if (!first) throw new Error('no recorded Resource Graph answer');
    const recorded = resourceGraphPageSchema.parse(first.value);
    const table = {
      ...recorded,
      data: { columns: [{ name: 'id', type: 'string' }], rows: recorded.data.map((r) => [r.id]) },
    };
    const error = await pagesServing(table).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AzureError);
    expect(error).toMatchObject({ code: 'read-failed', retryable: false });
    expect((error as Error).message).toMatch(/not an objectArray page \(data: /);
  });
});
