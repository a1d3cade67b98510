import type { SimClock } from '../clock';
import type { EventBus } from '../events/bus';
import type { FaultSpec } from '../faults';
import type { Prng } from '../prng';
import type { ResourceStore } from '../state';
import type { LroStore } from './lro';

export interface LroOptions {
  /** Polls answering InProgress before an operation completes. Default 1. */
  polls?: number;
  /** Also complete after this much real time, polled or not. */
  durationMs?: number;
  /** `Retry-After` on accepted operations. Default 1. */
  retryAfterSeconds?: number;
}

export interface ResourceGroupRecord {
  id: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
}

/** What the ARM handlers share. */
export interface ArmEnv {
  store: ResourceStore;
  lro: LroStore;
  events: EventBus;
  clock: SimClock;
  random: Prng;
  tenantId: string;
  /** Subscription ids, lower case. */
  subscriptions: Set<string>;
  /** Resource groups by `${subscription}/${group}` in lower case. */
  resourceGroups: Map<string, ResourceGroupRecord>;
  armUrl: () => string;
  pageSize: number;
  lroOptions: Required<Pick<LroOptions, 'polls' | 'retryAfterSeconds'>> & { durationMs?: number };
  vaultUriFor: (vaultName: string) => string;
}

export function groupKey(subscriptionId: string, resourceGroup: string): string {
  return `${subscriptionId}/${resourceGroup}`.toLowerCase();
}

/** LRO faults that fired for a request. */
export function lroFaults(faults: readonly FaultSpec[]): { extraPolls: number; fail: boolean } {
  let extraPolls = 0;
  let fail = false;
  for (const f of faults) {
    if (f.kind === 'slow-lro') extraPolls += f.extraPolls ?? 3;
    if (f.kind === 'failed-lro') fail = true;
  }
  return { extraPolls, fail };
}
