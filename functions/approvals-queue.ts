import {
  app,
  HttpResponse,
  type HttpFunctionOptions,
  type HttpRequest,
  type InvocationContext,
} from '@azure/functions';
import { loadUseCases, type LoadUseCases, type WardUseCases } from '../src/app/ports';
import { plain, readForm, toHttpResponse } from './http/form';

/** Every value of each name: the queue's form repeats `id`, once per selected approval. */
function allValues(params: URLSearchParams): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const [name, value] of params) (values[name] ??= []).push(value);
  return values;
}

/**
 * The approvals queue: GET lists pending approvals (filtered by the query) and recent
 * decisions, POST decides several approvals of one rule. Sign-in is App Service authentication
 * in front (hence authLevel anonymous); the use case checks the token, the app role and the
 * CSRF token, as the approval page does.
 */
export function makeApprovalsQueueHandler(
  getDeps: () => Promise<Pick<WardUseCases, 'approvalQueue'>>,
): (request: HttpRequest, context: InvocationContext) => Promise<HttpResponse> {
  return async (request, context) => {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') return plain(405, 'method not allowed');

    let form: Record<string, string[]> | undefined;
    if (method === 'POST') {
      const params = await readForm(request);
      if (params instanceof HttpResponse) return params;
      form = allValues(params);
    }

    const deps = await getDeps();
    const response = await deps.approvalQueue(
      {
        method,
        url: request.url,
        query: allValues(request.query),
        headers: Object.fromEntries(request.headers),
        ...(form ? { form } : {}),
      },
      { invocationId: context.invocationId, functionName: context.functionName },
    );
    return toHttpResponse(response);
  };
}

export function approvalsQueueOptions(load: LoadUseCases = loadUseCases): HttpFunctionOptions {
  return {
    methods: ['GET', 'POST'],
    route: 'approvals',
    authLevel: 'anonymous',
    handler: makeApprovalsQueueHandler(load),
  };
}

app.http('approvalsQueue', approvalsQueueOptions());
