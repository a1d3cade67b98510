import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { ApprovalHttpRequest } from '../../src/app/ports';
import { approvalOptions, makeApprovalHandler } from '../../functions/approval';
import { contextFor } from './support';

function recorder() {
  const requests: ApprovalHttpRequest[] = [];
  const handler = makeApprovalHandler(() =>
    Promise.resolve({
      approval(request: ApprovalHttpRequest) {
        requests.push(request);
        return Promise.resolve({
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: `<p>${request.approvalId}</p>`,
        });
      },
    }),
  );
  return { requests, handler };
}

describe('approval trigger', () => {
  it('is an anonymous GET/POST route behind App Service authentication', () => {
    const options = approvalOptions();
    expect(options.route).toBe('approvals/{id}');
    expect(options.methods).toEqual(['GET', 'POST']);
    expect(options.authLevel).toBe('anonymous');
  });

  it('hands a GET to the use case and returns its page', async () => {
    const { requests, handler } = recorder();
    const response = await handler(
      new HttpRequest({
        method: 'GET',
        url: 'https://ward.example.net/api/approvals/ap-1',
        params: { id: 'ap-1' },
        headers: { 'x-ms-client-principal': 'eyJ1c2VySWQiOiJ4In0=' },
      }),
      contextFor('approval').context,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<p>ap-1</p>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(requests[0]).toMatchObject({
      method: 'GET',
      approvalId: 'ap-1',
      url: 'https://ward.example.net/api/approvals/ap-1',
      headers: { 'x-ms-client-principal': 'eyJ1c2VySWQiOiJ4In0=' },
    });
    expect(requests[0]?.form).toBeUndefined();
  });

  it('parses a POSTed form', async () => {
    const { requests, handler } = recorder();
    await handler(
      new HttpRequest({
        method: 'POST',
        url: 'https://ward.example.net/api/approvals/ap-2',
        params: { id: 'ap-2' },
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: { string: 'decision=approve&csrf=abc%3D%3D' },
      }),
      contextFor('approval').context,
    );
    expect(requests[0]?.form).toEqual({ decision: 'approve', csrf: 'abc==' });
  });

  it('refuses other bodies and methods before the use case sees them', async () => {
    const { requests, handler } = recorder();
    const json = await handler(
      new HttpRequest({
        method: 'POST',
        url: 'https://ward.example.net/api/approvals/ap-3',
        params: { id: 'ap-3' },
        headers: { 'content-type': 'application/json' },
        body: { string: '{"decision":"approve"}' },
      }),
      contextFor('approval').context,
    );
    expect(json.status).toBe(415);
    const big = await handler(
      new HttpRequest({
        method: 'POST',
        url: 'https://ward.example.net/api/approvals/ap-3',
        params: { id: 'ap-3' },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: { string: `x=${'a'.repeat(20_000)}` },
      }),
      contextFor('approval').context,
    );
    expect(big.status).toBe(413);
    const put = await handler(
      new HttpRequest({
        method: 'PUT',
        url: 'https://ward.example.net/api/approvals/ap-3',
        params: { id: 'ap-3' },
      }),
      contextFor('approval').context,
    );
    expect(put.status).toBe(405);
    expect(requests).toHaveLength(0);
  });
});
