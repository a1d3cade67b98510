import type {
  PipelineResponse,
  createPipelineRequest as createPipelineRequestType,
} from '@azure/core-rest-pipeline';
import { z } from 'zod';
import { parseResourceId } from '../../azure/resource-id';
import type { ActionDeps } from '../deps';
import { ActionError } from '../errors';
import { namedExport } from '../../azure/named-export';

export interface ArmRequest {
  method: 'PUT' | 'PATCH' | 'POST' | 'DELETE' | 'GET';
  /** The resource the request is about (its subscription picks the client). */
  resourceId: string;
  /** Appended to the resource id, e.g. `/updateIdleShutdownSetting` for a POST action. */
  suffix?: string;
  apiVersion: string;
  body?: unknown;
  /** Sent on the write only, never on the operation polls that follow it. */
  ifMatch?: string;
}

/** Polls of one long-running operation before ward gives up and alerts. */
const MAX_POLLS = 120;
const DEFAULT_POLL_MS = 2_000;
const MAX_POLL_MS = 30_000;

const armErrorSchema = z.looseObject({
  error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }),
});
const operationSchema = z.looseObject({
  status: z.string(),
  error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).nullish(),
});

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function describeFailure(response: PipelineResponse): string {
  const parsed = armErrorSchema.safeParse(parseJson(response.bodyAsText ?? undefined));
  if (!parsed.success) return `HTTP ${response.status}`;
  const { code, message } = parsed.data.error;
  return `HTTP ${response.status} ${code ?? ''}: ${message ?? ''}`.trim();
}

function waitMs(response: PipelineResponse): number {
  const header = response.headers.get('retry-after');
  const seconds = header === undefined ? NaN : Number(header);
  if (!Number.isFinite(seconds) || seconds < 0) return DEFAULT_POLL_MS;
  return Math.min(seconds * 1000, MAX_POLL_MS);
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Sends one ARM write through the generic client's pipeline (credential, throttle, retries,
 * TLS), at an explicit api-version, and waits for its long-running operation. The SDK's own
 * pollers resend every request option on each poll, so an If-Match would reach the operation
 * status URL too; here it goes on the write alone. Returns the final body, parsed.
 */
export async function armRequest(deps: ActionDeps, request: ArmRequest): Promise<unknown> {
  // Loaded on first write, like the SDK clients: the function app's entry stays light.
  const pipeline = await import('@azure/core-rest-pipeline');
  const createHttpHeaders = namedExport(pipeline, 'createHttpHeaders');
  const createPipelineRequest = namedExport(pipeline, 'createPipelineRequest');
  const subscriptionId = parseResourceId(request.resourceId).subscriptionId;
  const client = await deps.clients.resources(subscriptionId);
  const sleep = deps.sleep ?? defaultSleep;
  const path = `${request.resourceId}${request.suffix ?? ''}`;
  const url = `${deps.clients.armEndpoint}${path}?api-version=${encodeURIComponent(request.apiVersion)}`;
  const headers = createHttpHeaders({ accept: 'application/json' });
  if (request.body !== undefined) headers.set('content-type', 'application/json');
  if (request.ifMatch !== undefined) headers.set('if-match', request.ifMatch);
  const what = `${request.method} ${path}`;
  const response = await client.sendRequest(
    createPipelineRequest({
      url,
      method: request.method,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    }),
  );
  if (response.status === 412) {
    throw new ActionError(
      'precondition-failed',
      `${what} was refused: the resource changed since it was read (${describeFailure(response)})`,
      { statusCode: 412 },
    );
  }
  if (response.status >= 300) {
    throw new ActionError('write-failed', `${what} failed: ${describeFailure(response)}`, {
      statusCode: response.status,
    });
  }
  const asyncUrl = response.headers.get('azure-asyncoperation');
  const locationUrl = response.headers.get('location');
  const poller: Poller = { client, createPipelineRequest, sleep, what };
  // Some providers answer 200 with Azure-AsyncOperation (Cognitive Services PATCH): still running.
  if (asyncUrl) {
    await pollUntil(poller, asyncUrl, waitMs(response), (poll) => operationStep(poll, what));
    return parseJson(response.bodyAsText ?? undefined);
  }
  if (response.status === 202 && locationUrl) {
    return pollUntil(poller, locationUrl, waitMs(response), (poll) => locationStep(poll, what));
  }
  return parseJson(response.bodyAsText ?? undefined);
}

interface Poller {
  client: Awaited<ReturnType<ActionDeps['clients']['resources']>>;
  createPipelineRequest: typeof createPipelineRequestType;
  sleep: (ms: number) => Promise<void>;
  /** The write being waited for, as error messages name it. */
  what: string;
}

/** A poll's answer either ends the wait with a value or asks for another poll. */
type PollStep<T> = { done: true; value: T } | { done: false };

/** GETs `url` until `step` says done, waiting as each answer's Retry-After asks; at most MAX_POLLS. */
async function pollUntil<T>(
  poller: Poller,
  url: string,
  firstWait: number,
  step: (response: PipelineResponse) => PollStep<T>,
): Promise<T> {
  const { client, createPipelineRequest, sleep, what } = poller;
  let wait = firstWait;
  for (let poll = 0; poll < MAX_POLLS; poll += 1) {
    await sleep(wait);
    const response = await client.sendRequest(createPipelineRequest({ url, method: 'GET' }));
    const answer = step(response);
    if (answer.done) return answer.value;
    wait = waitMs(response);
  }
  throw new ActionError('operation-failed', `${what} did not finish after ${MAX_POLLS} polls`);
}

/** An Azure-AsyncOperation status: Succeeded ends it, Failed or Canceled throws. */
function operationStep(response: PipelineResponse, what: string): PollStep<undefined> {
  if (response.status >= 300) {
    throw new ActionError(
      'operation-failed',
      `${what}: polling its operation failed: ${describeFailure(response)}`,
      { statusCode: response.status },
    );
  }
  const parsed = operationSchema.safeParse(parseJson(response.bodyAsText ?? undefined));
  if (!parsed.success) {
    throw new ActionError('operation-failed', `${what}: the operation status is unreadable`);
  }
  const { status, error } = parsed.data;
  if (status.toLowerCase() === 'succeeded') return { done: true, value: undefined };
  if (['failed', 'canceled', 'cancelled'].includes(status.toLowerCase())) {
    throw new ActionError(
      'operation-failed',
      `${what} ended ${status}${error ? `: ${error.code ?? ''} ${error.message ?? ''}` : ''}`.trim(),
    );
  }
  return { done: false };
}

/** A Location poll: 202 means still running; any other success carries the final body. */
function locationStep(response: PipelineResponse, what: string): PollStep<unknown> {
  if (response.status === 202) return { done: false };
  if (response.status >= 300) {
    throw new ActionError('operation-failed', `${what} failed: ${describeFailure(response)}`, {
      statusCode: response.status,
    });
  }
  return { done: true, value: parseJson(response.bodyAsText ?? undefined) };
}
