import {
  app,
  HttpResponse,
  type HttpFunctionOptions,
  type HttpRequest,
  type InvocationContext,
} from '@azure/functions';
import { loadUseCases, type LoadUseCases, type WardUseCases } from '../src/app/ports';

const FORM_TYPE = 'application/x-www-form-urlencoded';
/** The approval form is a few fields; anything larger is not ward's form. */
const MAX_FORM_BYTES = 16 * 1024;

function plain(status: number, body: string): HttpResponse {
  return new HttpResponse({
    status,
    body,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

/**
 * The approval page: GET shows an approval, POST decides it. Sign-in is App Service
 * authentication in front of the function (hence authLevel anonymous); the use case checks the
 * principal header, the app role, the CSRF token and the approval's state.
 */
export function makeApprovalHandler(
  getDeps: () => Promise<Pick<WardUseCases, 'approval'>>,
): (request: HttpRequest, context: InvocationContext) => Promise<HttpResponse> {
  return async (request, context) => {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') return plain(405, 'method not allowed');
    const approvalId = request.params.id;
    if (!approvalId) return plain(404, 'no approval id');

    let form: Record<string, string> | undefined;
    if (method === 'POST') {
      const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== FORM_TYPE) return plain(415, `expected ${FORM_TYPE}`);
      const text = await request.text();
      if (Buffer.byteLength(text) > MAX_FORM_BYTES) return plain(413, 'form too large');
      form = Object.fromEntries(new URLSearchParams(text));
    }

    const deps = await getDeps();
    const response = await deps.approval(
      {
        method,
        approvalId,
        url: request.url,
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

export function approvalOptions(load: LoadUseCases = loadUseCases): HttpFunctionOptions {
  return {
    methods: ['GET', 'POST'],
    route: 'approvals/{id}',
    authLevel: 'anonymous',
    handler: makeApprovalHandler(load),
  };
}

app.http('approval', approvalOptions());
