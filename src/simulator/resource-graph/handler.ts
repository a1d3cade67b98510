import { z } from 'zod';
import { ArmRequestError, json, type SimRequest, type SimResponse } from '../http';
import { InvalidSkipTokenError, runQuery, type ResourceRow } from './evaluate';
import { parseQuery, UnsupportedQueryError } from './query';

/**
 * api-versions of `POST /providers/Microsoft.ResourceGraph/resources` served: 2021-03-01 is what
 * @azure/arm-resourcegraph 4.2 sends; 2022-10-01 and 2024-04-01 are the later stable versions.
 * All of them default to the `objectArray` result format.
 */
export const RESOURCE_GRAPH_API_VERSIONS = ['2024-04-01', '2022-10-01', '2021-03-01'] as const;

const MAX_TOP = 1000;
const DEFAULT_TOP = 100;

const queryRequestSchema = z.looseObject({
  subscriptions: z.array(z.string()).optional(),
  managementGroups: z.array(z.string()).optional(),
  query: z.string().min(1, 'query is required'),
  options: z
    .looseObject({
      $top: z.int().min(1).max(MAX_TOP).optional(),
      $skip: z.int().min(0).optional(),
      $skipToken: z.string().optional(),
      resultFormat: z.enum(['objectArray', 'table']).optional(),
      allowPartialScopes: z.boolean().optional(),
      authorizationScopeFilter: z.string().optional(),
    })
    .optional(),
  facets: z.array(z.unknown()).optional(),
});

function badRequest(message: string, detailCode = 'InvalidQuery'): SimResponse {
  return json(400, {
    error: { code: 'BadRequest', message, details: [{ code: detailCode, message }] },
  });
}

export interface ResourceGraphSource {
  /** Every row the table holds; the handler filters by the request's subscriptions. */
  rows(): readonly ResourceRow[];
  /** Subscriptions queried when the request names none (all the caller can see). */
  subscriptions(): readonly string[];
}

/** Answers a Resource Graph query request as ARG does, within the supported KQL subset. */
export function handleResourceGraphQuery(
  req: SimRequest,
  source: ResourceGraphSource,
): SimResponse {
  const version = req.url.searchParams.get('api-version');
  if (!version) {
    throw new ArmRequestError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (!(RESOURCE_GRAPH_API_VERSIONS as readonly string[]).includes(version)) {
    throw new ArmRequestError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${RESOURCE_GRAPH_API_VERSIONS.join(',')}'.`,
    );
  }
  const parsed = queryRequestSchema.safeParse(req.body);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    return badRequest(`The request body is invalid: ${problems}`, 'InvalidRequestContent');
  }
  const request = parsed.data;
  const options = request.options ?? {};
  if (request.managementGroups && request.managementGroups.length > 0) {
    return badRequest('Query scope unsupported: managementGroups (only subscriptions)');
  }
  if (options.resultFormat === 'table') {
    return badRequest('Result format unsupported: table (only objectArray)');
  }
  if (request.facets && request.facets.length > 0) {
    return badRequest('Query unsupported: facets');
  }
  try {
    const query = parseQuery(request.query);
    const page = runQuery(query, source.rows(), {
      subscriptions: request.subscriptions ?? source.subscriptions(),
      top: options.$top ?? DEFAULT_TOP,
      skip: options.$skip ?? 0,
      skipToken: options.$skipToken,
      queryText: request.query,
    });
    return json(200, page);
  } catch (error) {
    if (error instanceof UnsupportedQueryError) return badRequest(error.message, error.code);
    if (error instanceof InvalidSkipTokenError) return badRequest(error.message, error.code);
    throw error;
  }
}
