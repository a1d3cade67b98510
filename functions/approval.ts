import {
  app,
  HttpResponse,
  type HttpFunctionOptions,
  type HttpRequest,
  type InvocationContext,
} from '@azure/functions';
import { loadUseCases, type LoadUseCases, type WardUseCases } from '../src/app/ports';
import { plain, readForm, toHttpResponse } from './http/form';

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
      const params = await readForm(request);
      if (params instanceof HttpResponse) return params;
      form = Object.fromEntries(params);
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
    return toHttpResponse(response);
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
