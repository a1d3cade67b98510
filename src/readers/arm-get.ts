import type { ResourceManagementClient } from '@azure/arm-resources';
import { AzureError } from '../azure/errors';

export type ArmGetResult = { found: true; body: unknown } | { found: false };

function statusOf(error: unknown): number | undefined {
  if (error !== null && typeof error === 'object' && 'statusCode' in error) {
    const status = error.statusCode;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/**
 * Turns a failed read into a coded error. Throttling, server errors and transport failures
 * are retryable; a refused request (400, 401, 403) is not, because sending it again cannot help.
 */
export function readError(what: string, error: unknown): AzureError {
  if (error instanceof AzureError) return error;
  const status = statusOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 401 || status === 403) {
    return new AzureError('not-authorized', `reading ${what} was refused (${status}): ${detail}`, {
      retryable: false,
      statusCode: status,
      cause: error,
    });
  }
  const retryable = status === undefined || status === 408 || status === 429 || status >= 500;
  return new AzureError(
    'read-failed',
    `reading ${what} failed${status ? ` (${status})` : ''}: ${detail}`,
    { retryable, ...(status ? { statusCode: status } : {}), cause: error },
  );
}

/**
 * GET any ARM path at a given api-version through the generic client, returning the JSON body
 * exactly as the provider sent it: the SDK's GenericResource mapper would drop what it does not
 * model (and collections such as `{ value: [...] }`), so the raw response text is parsed.
 * 404 answers `{ found: false }`; other failures throw coded errors.
 */
export async function armGet(
  client: ResourceManagementClient,
  path: string,
  apiVersion: string,
): Promise<ArmGetResult> {
  let text: string | undefined;
  try {
    // getById's path template is "/{resourceId}": a leading slash would double.
    await client.resources.getById(path.replace(/^\/+/, ''), apiVersion, {
      onResponse: (response) => {
        text = response.bodyAsText ?? undefined;
      },
    });
  } catch (error) {
    if (statusOf(error) === 404) return { found: false };
    throw readError(path, error);
  }
  if (text === undefined || text === '') {
    throw new AzureError('read-failed', `reading ${path} returned no body`, { retryable: true });
  }
  try {
    return { found: true, body: JSON.parse(text) as unknown };
  } catch (error) {
    throw new AzureError('read-failed', `reading ${path} returned a body that is not JSON`, {
      retryable: false,
      cause: error,
    });
  }
}
