import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { z } from 'zod';
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

/**
 * One page of a `resources` query as the SDK hands it over. ward asks for `objectArray`, so
 * `data` is an array of row objects (a `table` answer, `{columns, rows}`, is refused);
 * `resultTruncated` is the string "true" or "false", as Azure sends it.
 */
export const resourceGraphPageSchema = z.looseObject({
  totalRecords: z.number(),
  count: z.number(),
  resultTruncated: z.enum(['true', 'false']),
  skipToken: z.string().nullish(),
  data: z.array(z.record(z.string(), z.unknown())),
});

export type ResourceGraphPage = z.infer<typeof resourceGraphPageSchema>;

export interface ResourceGraphPaging {
  query: string;
  subscriptions: readonly string[];
  /** Rows a page; Resource Graph's largest page when absent. */
  top?: number;
  /** Starts the message of the error a failed query throws; the cause's message follows it. */
  failure: string;
}

/**
 * The rows of every page a query answers, following `$skipToken` until the last page. A query
 * that fails throws a retryable `read-failed` AzureError; a page that is not an `objectArray`
 * answer throws a non-retryable one naming what is wrong. What a row holds is the caller's to
 * check.
 */
export async function* resourceGraphPages(
  graph: ResourceGraphClient,
  paging: ResourceGraphPaging,
): AsyncGenerator<Record<string, unknown>[], void, undefined> {
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
    const parsed = resourceGraphPageSchema.safeParse(page);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'page';
      throw new AzureError(
        'read-failed',
        `${paging.failure}: the answer is not an objectArray page (${where}: ${issue?.message ?? 'invalid'})`,
        { retryable: false },
      );
    }
    yield parsed.data.data;
    skipToken = parsed.data.skipToken ?? undefined;
  } while (skipToken);
}
