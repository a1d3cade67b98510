import { HttpResponse, type HttpRequest } from '@azure/functions';

const FORM_TYPE = 'application/x-www-form-urlencoded';
/** ward's forms are a few fields, or a page of approval ids and a reason: anything larger is not. */
const MAX_FORM_BYTES = 16 * 1024;

export function plain(status: number, body: string): HttpResponse {
  return new HttpResponse({
    status,
    body,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

/** The posted form's fields, or the refusal to send when the body is not a small form. */
export async function readForm(request: HttpRequest): Promise<URLSearchParams | HttpResponse> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== FORM_TYPE) return plain(415, `expected ${FORM_TYPE}`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_FORM_BYTES) return plain(413, 'form too large');
  return new URLSearchParams(text);
}

/** A use case's answer as the Functions host's response. */
export function toHttpResponse(response: {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}): HttpResponse {
  return new HttpResponse({
    status: response.status,
    ...(response.headers ? { headers: response.headers } : {}),
    ...(response.body !== undefined ? { body: response.body } : {}),
  });
}
