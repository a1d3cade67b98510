import type { TicketSyncStore, StoredOp, TicketLink, TicketOpKind } from './sync-store';
import {
  TicketSystemError,
  type ExternalTicket,
  type TicketSystem,
  type TicketSystemName,
} from './system';

export interface DeliveredOp {
  fingerprint: string;
  system: TicketSystemName;
  op: TicketOpKind;
  ticket: ExternalTicket;
  /** The ticket was filed by this op (not found already filed). */
  filed: boolean;
}

export interface TicketSyncOptions {
  store: TicketSyncStore;
  /** The adapter of a system, built per run (tokens are fetched fresh). */
  system: (name: TicketSystemName) => Promise<TicketSystem>;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** People must act (access refused, a request refused): raised once until delivery works. */
  alert: (alert: {
    system: TicketSystemName;
    status?: number;
    summary: string;
    fix: string;
  }) => Promise<void>;
  onDelivered?: (delivered: DeliveredOp) => Promise<void>;
  /** Tries per request within one run (transient failures only). */
  attempts?: number;
  baseDelayMs?: number;
  /** A longer Retry-After ends the run for the fingerprint; the request waits for it. */
  maxRetryAfterMs?: number;
  claimMs?: number;
}

export interface SyncRun {
  delivered: DeliveredOp[];
  remaining: number;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** What people must fix, per status, for the alert. */
function fixFor(system: TicketSystemName, status: number | undefined): string {
  switch (status ?? 0) {
    case 401:
      return `${system} refused ward's credentials: check the token, key or client secret in Key Vault and that ward's identity can read it`;
    case 403:
      return `${system} denied the request: grant ward's identity or app the permissions listed in docs/tickets.md`;
    case 404:
      return `${system} does not know the project, repository or ticket: check ticketSystems in the policy`;
    default:
      return `${system} refused the request as it stands: check the ticketSystems settings (fields, labels, types) against the system`;
  }
}

/**
 * Delivers kept ticket requests: per fingerprint, in order, under a claim so concurrent runs
 * never talk to the system about the same finding at once. A request leaves the outbox only
 * when the system has it; anything else keeps it (and everything after it) for the next run.
 * Filing first looks for the marker, so an answer lost on the way never files a second ticket.
 */
export function createTicketSync(options: TicketSyncOptions) {
  const { store } = options;
  const sleep = options.sleep ?? defaultSleep;
  const attempts = Math.max(1, options.attempts ?? 4);
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const claimMs = options.claimMs ?? 10 * 60 * 1000;

  async function fileOrFind(
    system: TicketSystem,
    op: StoredOp,
  ): Promise<{ ticket: ExternalTicket; filed: boolean }> {
    const found = await system.find(op.content.marker);
    if (found) return { ticket: found, filed: false };
    return { ticket: await system.create(op.content), filed: true };
  }

  /** One request against the system; answers the ticket it concerns, or undefined (nothing to do). */
  async function apply(system: TicketSystem, op: StoredOp): Promise<DeliveredOp | undefined> {
    let link: TicketLink | undefined = await store.link(op.fingerprint);
    if (link && link.system !== op.system) link = undefined; // routed elsewhere since: file anew there
    let filed = false;
    if (!link) {
      if (op.op === 'resolve') {
        // Never filed in this system: nothing to resolve, unless another instance filed it.
        const found = await system.find(op.content.marker);
        if (!found) return undefined;
        link = { ...found, fingerprint: op.fingerprint, system: op.system };
      } else {
        const result = await fileOrFind(system, op);
        link = { ...result.ticket, fingerprint: op.fingerprint, system: op.system };
        filed = result.filed;
      }
      await store.saveLink(link);
      if (filed || op.op === 'open') {
        return { fingerprint: op.fingerprint, system: op.system, op: op.op, ticket: link, filed };
      }
    }
    const ticket: ExternalTicket = { id: link.id, url: link.url };
    if (op.op === 'comment' && op.text) await system.comment(ticket, op.text);
    if (op.op === 'resolve') await system.resolve(ticket, op.text ?? 'resolved by ward');
    if (op.op === 'reopen') await system.reopen(ticket, op.text ?? 'reopened by ward');
    return { fingerprint: op.fingerprint, system: op.system, op: op.op, ticket, filed };
  }

  type Outcome =
    | { ok: true; delivered?: DeliveredOp }
    | { ok: false; error: string; status?: number; notBefore?: string; tries: number };

  async function attempt(op: StoredOp): Promise<Outcome> {
    let last: TicketSystemError | undefined;
    for (let tries = 1; tries <= attempts; tries += 1) {
      try {
        const system = await options.system(op.system);
        const delivered = await apply(system, op);
        return delivered ? { ok: true, delivered } : { ok: true };
      } catch (error) {
        if (!(error instanceof TicketSystemError)) throw error;
        last = error;
        if (error.kind !== 'transient') {
          await raise(op.system, error);
          return {
            ok: false,
            error: error.message,
            ...(error.status !== undefined ? { status: error.status } : {}),
            tries,
          };
        }
        const wait = error.retryAfterMs ?? baseDelayMs * 2 ** (tries - 1);
        if (wait > maxRetryAfterMs || tries === attempts) {
          const notBefore = new Date(options.now().getTime() + wait).toISOString();
          return {
            ok: false,
            error: error.message,
            ...(error.status !== undefined ? { status: error.status } : {}),
            notBefore,
            tries,
          };
        }
        await sleep(wait);
      }
    }
    return { ok: false, error: last?.message ?? 'not attempted', tries: attempts };
  }

  async function raise(system: TicketSystemName, error: TicketSystemError): Promise<void> {
    const key = `${system}:${error.status ?? 'network'}`;
    if (!(await store.markAlert(key, options.now().toISOString()))) return;
    await options.alert({
      system,
      ...(error.status !== undefined ? { status: error.status } : {}),
      summary: `Tickets cannot reach ${system}: ${error.message}. The findings stay queued and are delivered once this is fixed.`,
      fix: fixFor(system, error.status),
    });
  }

  return {
    enqueue: (op: Parameters<TicketSyncStore['enqueue']>[0]) => store.enqueue(op),
    pending: () => store.pending(),
    /** Delivers what is queued (for one fingerprint, or all). */
    async deliver(only?: string): Promise<SyncRun> {
      const delivered: DeliveredOp[] = [];
      const cleared = new Set<TicketSystemName>();
      const byFingerprint = new Map<string, StoredOp[]>();
      for (const op of await store.pending()) {
        if (only !== undefined && op.fingerprint !== only) continue;
        byFingerprint.set(op.fingerprint, [...(byFingerprint.get(op.fingerprint) ?? []), op]);
      }
      for (const fingerprint of byFingerprint.keys()) {
        const release = await store.claim(fingerprint, options.now(), claimMs);
        if (!release) continue; // another run is delivering it
        try {
          // Re-read under the claim: the other run may have delivered some already.
          const current = (await store.pending()).filter((op) => op.fingerprint === fingerprint);
          for (const op of current) {
            if (op.notBefore !== undefined && Date.parse(op.notBefore) > options.now().getTime())
              break;
            const outcome = await attempt(op);
            if (!outcome.ok) {
              await store.recordFailure(op.id, {
                attempts: op.attempts + outcome.tries,
                error: outcome.error,
                ...(outcome.status !== undefined ? { status: outcome.status } : {}),
                ...(outcome.notBefore !== undefined ? { notBefore: outcome.notBefore } : {}),
              });
              break;
            }
            await store.remove(op.id);
            if (!cleared.has(op.system)) {
              cleared.add(op.system);
              await store.clearAlerts(op.system);
            }
            if (outcome.delivered) {
              delivered.push(outcome.delivered);
              await options.onDelivered?.(outcome.delivered);
            }
          }
        } finally {
          await release();
        }
      }
      const remaining = (await store.pending()).filter(
        (op) => only === undefined || op.fingerprint === only,
      ).length;
      return { delivered, remaining };
    },
  };
}

export type TicketSync = ReturnType<typeof createTicketSync>;
