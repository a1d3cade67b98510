import {
  app,
  HttpResponse,
  type HttpFunctionOptions,
  type HttpRequest,
  type InvocationContext,
} from '@azure/functions';
import { loadUseCases, type LoadUseCases, type WardUseCases } from '../src/app/ports';

const FORM_TYPE = 'application/x-www-form-urlencoded';
/** A bulk decision names at most a page of approvals (22 characters each) and a reason. */
const MAX_FORM_BYTES = 16 * 1024;

function plain(status: number, body: string): HttpResponse {
  return new HttpResponse({
    status,
    body,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

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
      const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== FORM_TYPE) return plain(415, `expected ${FORM_TYPE}`);
      const text = await request.text();
      if (Buffer.byteLength(text) > MAX_FORM_BYTES) return plain(413, 'form too large');
      form = allValues(new URLSearchParams(text));
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
    return new HttpResponse({
      status: response.status,
      ...(response.headers ? { headers: response.headers } : {}),
      ...(response.body !== undefined ? { body: response.body } : {}),
    });
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
