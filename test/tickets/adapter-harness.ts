import { expect, it } from 'vitest';
import type { Finding } from '../../src/domain';
import { fingerprintOf } from '../../src/engine/fingerprint';
import type { TicketStandIn } from '../../src/demo/ticket-standins/server';
import { createExternalTickets } from '../../src/tickets/external';
import { createTicketRegistry } from '../../src/tickets/registry';
import { createTicketSync } from '../../src/tickets/sync';
import { createTicketSyncStore } from '../../src/tickets/sync-store';
import type { TicketSystem, TicketSystemName } from '../../src/tickets/system';
import { tablesForTest } from '../support/azurite';

export const WEBHOOK_CANARY =
  'https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=CanarySig0123456789';
export const TOKEN_CANARY = 'Bearer eyJhbGciOiJSUzI1NiJ9.canary-token-value.sig';

export function finding(resource = 'st1', message = 'Shared key access is allowed.'): Finding {
  const resourceId = `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${resource}`;
  return {
    fingerprint: fingerprintOf('storage-shared-key-disabled', resourceId),
    ruleId: 'storage-shared-key-disabled',
    resourceId,
    resourceType: 'Microsoft.Storage/storageAccounts',
    severity: 'medium',
    message,
    evidence: [{ path: 'properties.allowSharedKeyAccess', actual: true, expected: 'false' }],
    evaluatedAt: '2026-11-23T10:00:00.000Z',
  };
}

export interface AdapterEnv {
  standIn: TicketStandIn;
  system: () => Promise<TicketSystem>;
  /** The ticket's description as the stand-in stored it, as text to search. */
  bodyText: (body: string) => string;
  /** The request that files a ticket, for faults that must hit it. */
  createRequest: RegExp;
  close: () => Promise<void>;
}

/** ward's ticket path over one adapter and its stand-in, with its own tables. */
export function harness(
  name: TicketSystemName,
  env: AdapterEnv,
  tables: () => ReturnType<ReturnType<typeof tablesForTest>>,
) {
  const store = tables();
  const alerts: { system: string; status?: number; summary: string; fix: string }[] = [];
  const waits: number[] = [];
  let clock = Date.UTC(2026, 10, 23, 10, 0);
  const now = (): Date => new Date((clock += 1000));
  const syncStore = createTicketSyncStore(() => store.table('WardTicketSync'));
  const sync = createTicketSync({
    store: syncStore,
    system: () => env.system(),
    now,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    alert: (alert) => {
      alerts.push(alert);
      return Promise.resolve();
    },
    baseDelayMs: 10,
  });
  const registry = createTicketRegistry({ table: () => store.table('WardTickets') });
  const external = createExternalTickets({
    sync,
    store: syncStore,
    route: () => name,
    now,
    secrets: [WEBHOOK_CANARY],
  });
  const open = async (f: Finding, changedBy = 'alice@contoso.com') => {
    const result = await registry.open(f, now());
    return external.onOpen(
      {
        finding: f,
        ruleTitle: 'Storage accounts disallow shared key access',
        remedy: 'Set allowSharedKeyAccess to false once no client uses account keys.',
        changedBy: { upn: changedBy },
        link: 'https://ward.example/ledger/abc',
      },
      result,
    );
  };
  const resolve = async (f: Finding) => {
    const ticket = await registry.resolve(f.fingerprint, now());
    expect(ticket).toBeDefined();
    return external.onResolve({
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      resourceId: f.resourceId,
    });
  };
  return { alerts, waits, sync, syncStore, open, resolve, external };
}

/** The lifecycle and failure cases every adapter must pass against its stand-in. */
export function adapterSuite(name: TicketSystemName, start: () => Promise<AdapterEnv>): void {
  const tables = tablesForTest(`ext${name.replace(/-/g, '')}`);

  const withEnv =
    (test: (env: AdapterEnv, h: ReturnType<typeof harness>) => Promise<void>) => async () => {
      const env = await start();
      try {
        await test(env, harness(name, env, tables));
        expect(env.standIn.rejected()).toEqual([]);
      } finally {
        await env.close();
      }
    };

  it(
    'opens one ticket carrying rule, resource, severity, evidence, remedy, exemption and link, and no secret',
    withEnv(async (env, h) => {
      const f = finding('st1', `Shared key allowed; hook ${WEBHOOK_CANARY} ${TOKEN_CANARY}`);
      const { link } = await h.open(f);
      const tickets = env.standIn.tickets();
      expect(tickets).toHaveLength(1);
      const [ticket] = tickets;
      expect(link?.url).toBe(ticket?.url);
      const text = `${ticket?.title ?? ''}\n${env.bodyText(ticket?.body ?? '')}`;
      for (const part of [
        'storage-shared-key-disabled',
        f.resourceId,
        'st1',
        'medium',
        'properties.allowSharedKeyAccess',
        'allowSharedKeyAccess to false',
        'ward-exempt',
        'https://ward.example/ledger/abc',
        'alice@contoso.com',
      ]) {
        expect(text).toContain(part);
      }
      expect(text).not.toContain('CanarySig0123456789');
      expect(text).not.toContain('canary-token-value');
      expect(await h.sync.pending()).toEqual([]);
    }),
  );

  it(
    'a duplicate event comments on the one ticket with the new evidence and who changed it',
    withEnv(async (env, h) => {
      await h.open(finding());
      await h.open(finding(), 'bob@contoso.com');
      expect(env.standIn.tickets()).toHaveLength(1);
      const comments = env.standIn.tickets()[0]?.comments ?? [];
      expect(comments).toHaveLength(1);
      expect(env.bodyText(comments[0]?.body ?? '')).toContain('bob@contoso.com');
      expect(env.bodyText(comments[0]?.body ?? '')).toContain('properties.allowSharedKeyAccess');
    }),
  );

  it(
    'concurrent events for one finding file one ticket and comment for each recurrence',
    withEnv(async (env, h) => {
      await Promise.all(Array.from({ length: 5 }, () => h.open(finding())));
      // A run that found the finding claimed by another delivers what remains.
      await h.external.redeliver();
      expect(env.standIn.tickets()).toHaveLength(1);
      expect(env.standIn.counts()).toMatchObject({ opened: 1, commented: 4 });
      expect(await h.sync.pending()).toEqual([]);
    }),
  );

  it(
    'resolves the ticket when the rule passes and reopens it on a regression',
    withEnv(async (env, h) => {
      await h.open(finding());
      await h.resolve(finding());
      expect(env.standIn.tickets()[0]?.state).toBe('closed');
      expect(env.bodyText(env.standIn.tickets()[0]?.comments.at(-1)?.body ?? '')).toContain(
        'now passes',
      );
      await h.open(finding(), 'carol@contoso.com');
      const [ticket] = env.standIn.tickets();
      expect(env.standIn.tickets()).toHaveLength(1);
      expect(ticket?.state).toBe('open');
      expect(env.bodyText(ticket?.comments.at(-1)?.body ?? '')).toContain('carol@contoso.com');
      expect(env.standIn.counts()).toMatchObject({ opened: 1, resolved: 1, reopened: 1 });
      expect(await h.sync.pending()).toEqual([]);
    }),
  );

  for (const status of [401, 403, 404, 422]) {
    it(
      `answers ${status}: alerts once with what to fix, keeps the finding queued, files it once later`,
      withEnv(async (env, h) => {
        env.standIn.inject({ fault: { kind: 'status', status }, times: 100 });
        await h.open(finding('st1'));
        await h.open(finding('st2'));
        await h.external.redeliver();
        expect(env.standIn.tickets()).toHaveLength(0);
        expect(h.alerts).toHaveLength(1);
        expect(h.alerts[0]?.status).toBe(status);
        expect(h.alerts[0]?.fix.length).toBeGreaterThan(20);
        expect(await h.sync.pending()).toHaveLength(2);
        // Fixed by people: the next run files each finding once.
        env.standIn.clearFaults();
        await h.external.redeliver();
        expect(env.standIn.tickets()).toHaveLength(2);
        expect(await h.sync.pending()).toEqual([]);
      }),
    );
  }

  it(
    'answers 429 with Retry-After: waits as told, then files once',
    withEnv(async (env, h) => {
      env.standIn.inject({ fault: { kind: 'status', status: 429, retryAfter: '2' } });
      await h.open(finding());
      expect(h.waits).toContain(2000);
      expect(env.standIn.tickets()).toHaveLength(1);
    }),
  );

  it(
    'a Retry-After longer than ward waits keeps the request until then',
    withEnv(async (env, h) => {
      env.standIn.inject({ fault: { kind: 'status', status: 429, retryAfter: '3600' } });
      await h.open(finding());
      expect(env.standIn.tickets()).toHaveLength(0);
      const [op] = await h.sync.pending();
      expect(op?.lastStatus).toBe(429);
    }),
  );

  for (const status of [409, 412, 500, 502, 503]) {
    it(
      `answers ${status}: retries with backoff and files once`,
      withEnv(async (env, h) => {
        env.standIn.inject({ fault: { kind: 'status', status }, times: 2 });
        await h.open(finding());
        expect(env.standIn.tickets()).toHaveLength(1);
        expect(h.waits.length).toBeGreaterThanOrEqual(2);
        expect(h.alerts).toEqual([]);
      }),
    );
  }

  for (const kind of ['drop-before', 'drop-after'] as const) {
    it(
      `survives a connection dropped ${kind === 'drop-before' ? 'before' : 'after'} the work: one ticket, nothing lost`,
      withEnv(async (env, h) => {
        env.standIn.inject({ fault: { kind }, match: env.createRequest, times: 1 });
        await h.open(finding());
        await h.external.redeliver();
        expect(env.standIn.tickets()).toHaveLength(1);
        expect(await h.sync.pending()).toEqual([]);
      }),
    );
  }

  it(
    'a resolve whose answer is lost is delivered again and leaves the ticket closed',
    withEnv(async (env, h) => {
      await h.open(finding());
      env.standIn.inject({ fault: { kind: 'status', status: 503 }, times: 10 });
      await h.resolve(finding());
      expect(await h.sync.pending()).toHaveLength(1);
      env.standIn.clearFaults();
      await h.external.redeliver();
      expect(env.standIn.tickets()[0]?.state).toBe('closed');
      expect(await h.sync.pending()).toEqual([]);
    }),
  );
}
