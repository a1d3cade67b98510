import { AsyncLocalStorage } from 'node:async_hooks';
import type { TableServiceClientOptions } from '@azure/data-tables';
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';

/** Picks the write the callers contend for, e.g. a MERGE with If-Match on one table. */
export type ContendedWrite = (request: PipelineRequest) => boolean;

/**
 * Makes a race real and observable at the wire. Every caller runs inside `as(name, ...)`; the
 * first contended write of each caller is held at a barrier until every caller has reached its
 * own (or finished without one), then all are released together. The answers Tables gives to
 * the contended writes are counted per caller, so a test can assert that the callers collided
 * (someone got 409/412) instead of trusting that `Promise.all` interleaved them.
 *
 * A run in which the callers never overlap cannot pass: a caller that finishes before the others
 * arrive shows up as missing from `arrived()`, and one blocked behind another caller's work
 * never releases the barrier, so the test times out.
 */
export interface Collision<C extends string> {
  /** Add to every Table client the callers use (`additionalPolicies`). */
  readonly policy: PipelinePolicy;
  /** `{ additionalPolicies: [policy] }`, for TableClient or TableStore options. */
  readonly clientOptions: TableServiceClientOptions;
  /** Runs `work` as caller `name`: the caller's requests are attributed to it. */
  as<T>(name: C, work: () => Promise<T>): Promise<T>;
  /** Callers whose first contended write waited at the barrier, in arrival order. */
  arrived(): C[];
  /** How many contended writes of each caller Tables refused with 409 or 412. */
  conflicts(): Record<C, number>;
  /**
   * The status Tables answered each contended write of each caller, in order (for a batch, the
   * status of its first failed operation, else the batch's own).
   */
  statuses(): Record<C, number[]>;
}

const CONFLICT = new Set([409, 412]);
/** A batch answers 202 and carries each operation's status in its multipart body. */
const OPERATION_FAILED = /^HTTP\/1\.1 ([3-5]\d\d)\b/m;

function statusOf(request: PipelineRequest, response: PipelineResponse): number {
  if (request.method !== 'POST' || tableOf(request.url) !== '$batch') return response.status;
  const failed = OPERATION_FAILED.exec(response.bodyAsText ?? '')?.[1];
  return failed === undefined ? response.status : Number(failed);
}

export function createCollision<C extends string>(
  callers: readonly C[],
  isContended: ContendedWrite,
): Collision<C> {
  if (new Set(callers).size !== callers.length || callers.length < 2) {
    throw new Error('a collision needs two or more distinct callers');
  }
  const context = new AsyncLocalStorage<C>();
  const arrived: C[] = [];
  const finished = new Set<C>();
  const statuses = Object.fromEntries(callers.map((c) => [c, []])) as unknown as Record<
    C,
    number[]
  >;
  let open = false;
  let release: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });

  const openWhenAllThere = (): void => {
    if (open) return;
    const waitingFor = callers.filter((c) => !arrived.includes(c) && !finished.has(c));
    if (waitingFor.length === 0) {
      open = true;
      release();
    }
  };

  const policy: PipelinePolicy = {
    name: 'collisionBarrier',
    async sendRequest(request, next) {
      const caller = context.getStore();
      if (caller === undefined || !isContended(request)) return next(request);
      if (!open && !arrived.includes(caller)) {
        arrived.push(caller);
        openWhenAllThere();
        await opened;
      }
      const response = await next(request);
      statuses[caller].push(statusOf(request, response));
      return response;
    },
  };

  return {
    policy,
    clientOptions: { additionalPolicies: [{ policy, position: 'perRetry' }] },
    as: (name, work) =>
      context.run(name, async () => {
        try {
          return await work();
        } finally {
          finished.add(name);
          openWhenAllThere();
        }
      }),
    arrived: () => [...arrived],
    conflicts: () =>
      Object.fromEntries(
        callers.map((c) => [c, statuses[c].filter((status) => CONFLICT.has(status)).length]),
      ) as Record<C, number>,
    statuses: () =>
      Object.fromEntries(callers.map((c) => [c, [...statuses[c]]])) as Record<C, number[]>,
  };
}

function tableOf(url: string): string {
  const last = decodeURIComponent(new URL(url).pathname).split('/').pop() ?? '';
  return last.replace(/\(.*$/, '');
}

/**
 * A write to a table whose name ends with `table` (names carry a per-test prefix): a request
 * with one of `methods`, or with `'BATCH'` an entity-group transaction on that table.
 */
export function writeTo(table: string, methods: readonly string[]): ContendedWrite {
  return (request) => {
    if (request.method === 'POST' && tableOf(request.url) === '$batch') {
      if (!methods.includes('BATCH') || typeof request.body !== 'string') return false;
      const targets = [...request.body.matchAll(/^[A-Z]+ (\S+) HTTP\/1\.1\r?$/gm)];
      return targets.some(([, url]) => url !== undefined && tableOf(url).endsWith(table));
    }
    return methods.includes(request.method) && tableOf(request.url).endsWith(table);
  };
}
