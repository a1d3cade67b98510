import type { ServiceClient } from '@azure/core-client';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { z } from 'zod';
import { PreflightReadError } from './types';

/** A GET's answer: the status and the JSON body (`undefined` when there is none). */
export interface ArmReadResult {
  status: number;
  body: unknown;
  /** ARM's error code and message, for a 4xx/5xx with an error body. */
  error?: { code: string; message: string };
}

const armErrorSchema = z.looseObject({
  error: z.looseObject({ code: z.string(), message: z.string() }),
});

const pageSchema = z.looseObject({
  value: z.array(z.unknown()),
  nextLink: z.string().nullish(),
});

/**
 * Reads ARM paths through an SDK client's pipeline (its credential, retries, throttle and TLS
 * options), returning statuses instead of throwing: each check decides what a 403 or a 404
 * means. Credential failures still throw, so the command can say to sign in.
 */
export interface ArmReader {
  get(path: string, apiVersion: string): Promise<ArmReadResult>;
  /** Every item of a list, following `nextLink` on the same endpoint; a refusal throws. */
  list(path: string, apiVersion: string, what: string): Promise<unknown[]>;
}

function parse(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function armReader(client: ServiceClient, armEndpoint: string): ArmReader {
  const endpoint = armEndpoint.replace(/\/+$/, '');
  const origin = new URL(endpoint).origin;
  const send = async (url: string): Promise<ArmReadResult> => {
    const response = await client.sendRequest(createPipelineRequest({ url, method: 'GET' }));
    const body = parse(response.bodyAsText ?? undefined);
    const error = response.status >= 400 ? armErrorSchema.safeParse(body) : undefined;
    return {
      status: response.status,
      body,
      ...(error?.success ? { error: error.data.error } : {}),
    };
  };
  const urlOf = (path: string, apiVersion: string): string =>
    `${endpoint}${path}?api-version=${encodeURIComponent(apiVersion)}`;
  return {
    get: (path, apiVersion) => send(urlOf(path, apiVersion)),
    async list(path, apiVersion, what) {
      const items: unknown[] = [];
      let url: string | undefined = urlOf(path, apiVersion);
      while (url) {
        const result = await send(url);
        if (result.status !== 200) throw unreadable(what, result);
        const page = pageSchema.safeParse(result.body);
        if (!page.success) {
          throw new PreflightReadError(`reading ${what}: the answer is not an ARM list`);
        }
        items.push(...page.data.value);
        const next = page.data.nextLink ?? undefined;
        // The token goes only to the endpoint it was asked for.
        if (next && new URL(next).origin !== origin) {
          throw new PreflightReadError(`reading ${what}: nextLink leaves ${origin}: ${next}`);
        }
        url = next;
      }
      return items;
    },
  };
}

/** The error for a read that was refused or failed, with ARM's code and message. */
export function unreadable(what: string, result: ArmReadResult): PreflightReadError {
  const reason = result.error
    ? `${result.error.code}: ${result.error.message}`
    : `HTTP ${result.status}`;
  return new PreflightReadError(`cannot read ${what} (${reason})`, result.status);
}
