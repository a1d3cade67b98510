/**
 * Event Grid's advanced-filter limits (learn.microsoft.com/azure/event-grid/event-filtering,
 * "Limitations"): 25 advanced filters and 25 filter values across all the filters of one event
 * subscription, and 512 characters per string value. Filters on one subscription are ANDed, so
 * a longer list of operation names is split over several event subscriptions, not filters.
 */
export const EVENT_GRID_LIMITS = {
  advancedFiltersPerSubscription: 25,
  filterValuesPerSubscription: 25,
  stringValueLength: 512,
} as const;

/** Splits `values` into lists of at most `size`, in order. */
export function chunk<T>(values: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size ${String(size)}`);
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}
