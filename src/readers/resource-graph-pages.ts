import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { AzureError } from '../azure/errors';

/**
 * Resource Graph's largest page. Its quota counts queries (15 per 5 seconds per user), not
 * rows, so callers ask for as many rows as a page can hold.
 */
export const RESOURCE_GRAPH_MAX_PAGE = 1000;

/** A string literal in a Kusto query. */
export function kqlString(value: string): string {
  return `'${value.replaceAll("'", "\\'")}'`;
}

export interface ResourceGraphPaging {
  query: string;
  subscriptions: readonly string[];
  /** Rows a page; Resource Graph's largest page when absent. */
  top?: number;
  /** Starts the message of the error a failed query throws; the cause's message follows it. */
  failure: string;
}

/**
 * The `data` of every page a query answers, following `$skipToken` until the last page. A query
 * that fails throws a retryable `read-failed` AzureError; what a page holds is the caller's to
 * check.
 */
export async function* resourceGraphPages(
  graph: ResourceGraphClient,
  paging: ResourceGraphPaging,
): AsyncGenerator<unknown, void, undefined> {
  let skipToken: string | undefined;
  do {
    let page;
    try {
      page = await graph.resources({
        query: paging.query,
        subscriptions: [...paging.subscriptions],
        options: {
          resultFormat: 'objectArray',
          top: paging.top ?? RESOURCE_GRAPH_MAX_PAGE,
          ...(skipToken ? { skipToken } : {}),
        },
      });
    } catch (cause) {
      throw new AzureError(
        'read-failed',
        `${paging.failure}: ${cause instanceof Error ? cause.message : String(cause)}`,
        { retryable: true, cause },
      );
    }
    yield page.data;
    skipToken = page.skipToken;
  } while (skipToken);
}
