import { QUEUE_PAGE_SIZE, type QueueQuery } from './queue-query';
import type { Approval } from './types';

const HOUR_MS = 3_600_000;
/** Pending approvals one request reads at most; beyond it the page asks to narrow the filters. */
export const MAX_PENDING_READ = 5_000;
/** Recently decided approvals shown under the queue. */
export const RECENT_DECISIONS_SHOWN = 25;

/** A value the queue can be filtered by, with how many pending approvals carry it. */
export interface Facet {
  value: string;
  label: string;
  count: number;
}

export interface QueueView {
  /** The page of pending approvals that match, soonest expiry first. */
  items: Approval[];
  /** Pending approvals that match the filters (on every page). */
  matching: number;
  page: number;
  pages: number;
  /** Facets over every pending approval read, so a filter can be changed from any page. */
  subscriptions: Facet[];
  rules: Facet[];
}

/** The subscription id of an ARM resource id, in lower case. */
export function subscriptionOf(resourceId: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1]?.toLowerCase();
}

function facets(values: { value: string; label: string }[]): Facet[] {
  const byValue = new Map<string, Facet>();
  for (const { value, label } of values) {
    const facet = byValue.get(value) ?? { value, label, count: 0 };
    facet.count++;
    byValue.set(value, facet);
  }
  return [...byValue.values()].sort((a, b) => a.label.localeCompare(b.label));
}

export function matchesQuery(approval: Approval, query: QueueQuery, now: Date): boolean {
  const ageMs = now.getTime() - Date.parse(approval.createdAt);
  return (
    (query.subscription === undefined ||
      subscriptionOf(approval.resourceId) === query.subscription) &&
    (query.rule === undefined || approval.ruleId === query.rule) &&
    (query.severity === undefined || approval.finding.severity === query.severity) &&
    (query.minAgeHours === undefined || ageMs >= query.minAgeHours * HOUR_MS) &&
    (query.maxAgeHours === undefined || ageMs <= query.maxAgeHours * HOUR_MS)
  );
}

/** Filters, sorts (the soonest to expire first, then the oldest request) and pages. */
export function queueView(pending: readonly Approval[], query: QueueQuery, now: Date): QueueView {
  const matching = pending
    .filter((approval) => matchesQuery(approval, query, now))
    .sort(
      (a, b) =>
        a.expiresAt.localeCompare(b.expiresAt) ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id.localeCompare(b.id),
    );
  const pages = Math.max(1, Math.ceil(matching.length / QUEUE_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return {
    items: matching.slice((page - 1) * QUEUE_PAGE_SIZE, page * QUEUE_PAGE_SIZE),
    matching: matching.length,
    page,
    pages,
    subscriptions: facets(
      pending.flatMap((approval) => {
        const id = subscriptionOf(approval.resourceId);
        return id ? [{ value: id, label: id }] : [];
      }),
    ),
    rules: facets(
      pending.map((approval) => ({
        value: approval.ruleId,
        label: approval.ruleId,
      })),
    ),
  };
}

/** The most recent decisions first. */
export function recentDecisions(decided: readonly Approval[]): Approval[] {
  return [...decided]
    .sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''))
    .slice(0, RECENT_DECISIONS_SHOWN);
}
