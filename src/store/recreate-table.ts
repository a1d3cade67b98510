import type { PipelinePolicy, PipelineResponse } from '@azure/core-rest-pipeline';

export const RECREATE_TABLE_POLICY = 'wardRecreateLostTable';

/** Storage names a missing table in the `x-ms-error-code` header and in the OData error body. */
export function isTableNotFound(response: PipelineResponse | undefined): boolean {
  if (response?.status !== 404) return false;
  if (response.headers.get('x-ms-error-code') === 'TableNotFound') return true;
  return /"code"\s*:\s*"TableNotFound"/.test(response.bodyAsText ?? '');
}

/** The response a failed request carried (the deserializer throws it as a RestError). */
function responseOf(error: unknown): PipelineResponse | undefined {
  if (error === null || typeof error !== 'object' || !('response' in error)) return undefined;
  const { response } = error as { response?: PipelineResponse };
  return response;
}

/** A `POST …/Tables` is the creation itself: answering it by creating again would loop. */
function isTableCreation(url: string): boolean {
  return /\/Tables(\(\))?$/i.test(new URL(url).pathname);
}

/**
 * Table creation is remembered per process, so a table that storage lost (deleted by hand, an
 * emulator restarted without its data) used to fail every later request until a restart. This
 * policy answers a `TableNotFound` by creating the table and sending the request once more; the
 * second answer, whatever it is, goes back to the caller.
 */
export function recreateTablePolicy(createTable: () => Promise<void>): PipelinePolicy {
  return {
    name: RECREATE_TABLE_POLICY,
    async sendRequest(request, next) {
      if (isTableCreation(request.url)) return next(request);
      let response: PipelineResponse;
      try {
        response = await next(request);
      } catch (error) {
        if (!isTableNotFound(responseOf(error))) throw error;
        await createTable();
        return next(request);
      }
      if (!isTableNotFound(response)) return response;
      await createTable();
      return next(request);
    },
  };
}
