import { request as httpsRequest } from 'node:https';

/**
 * A `fetch` over node:https that trusts an extra CA (the local stand-ins' self-signed one; none
 * in Azure). Node's own fetch takes no CA without a separate undici install.
 */
export function httpsFetch(options: { ca?: string; timeoutMs?: number } = {}): typeof fetch {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const headers = new Headers(
      init?.headers ?? (input instanceof Request ? input.headers : undefined),
    );
    const rawBody = init?.body;
    const body =
      rawBody === undefined || rawBody === null
        ? undefined
        : typeof rawBody === 'string'
          ? rawBody
          : Buffer.from(await new Response(rawBody).arrayBuffer());
    if (url.protocol !== 'https:') throw new TypeError(`refusing ${url.protocol} for ${url.host}`);
    return new Promise<Response>((resolve, reject) => {
      const req = httpsRequest(
        url,
        {
          method,
          headers: Object.fromEntries(headers.entries()),
          ...(options.ca !== undefined ? { ca: options.ca } : {}),
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const out = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (value === undefined) continue;
              for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
            }
            const status = res.statusCode ?? 500;
            const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(payload, { status, headers: out }));
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
      );
      req.on('error', reject);
      init?.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')));
      if (body !== undefined) req.write(body);
      req.end();
    });
  };
}
