import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { ApprovalQueueHttpRequest } from '../../src/app/ports';
import { approvalsQueueOptions, makeApprovalsQueueHandler } from '../../functions/approvals-queue';
import { contextFor } from './support';

function recorder() {
  const requests: ApprovalQueueHttpRequest[] = [];
  const handler = makeApprovalsQueueHandler(() =>
    Promise.resolve({
      approvalQueue(request: ApprovalQueueHttpRequest) {
        requests.push(request);
        return Promise.resolve({
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: '<p>queue</p>',
        });
      },
    }),
  );
  return { requests, handler };
}

describe('approvals queue trigger', () => {
  it('is an anonymous GET/POST route at /api/approvals behind App Service authentication', () => {
    const options = approvalsQueueOptions();
    expect(options.route).toBe('approvals');
    expect(options.methods).toEqual(['GET', 'POST']);
    expect(options.authLevel).toBe('anonymous');
  });

  it('hands every value of a repeated query parameter and form field to the use case', async () => {
    const { requests, handler } = recorder();
    const list = await handler(
      new HttpRequest({
        method: 'GET',
        url: 'https://ward.example.net/api/approvals?rule=a&rule=b&page=2',
      }),
      contextFor('approvalsQueue').context,
    );
    expect(list.status).toBe(200);
    expect(await list.text()).toBe('<p>queue</p>');
    expect(requests[0]).toMatchObject({ method: 'GET', query: { rule: ['a', 'b'], page: ['2'] } });
    expect(requests[0]?.form).toBeUndefined();

    await handler(
      new HttpRequest({
        method: 'POST',
        url: 'https://ward.example.net/api/approvals?rule=a',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: { string: 'csrf=t&decision=reject&reason=lab+only&id=x&id=y' },
      }),
      contextFor('approvalsQueue').context,
    );
    expect(requests[1]?.form).toEqual({
      csrf: ['t'],
      decision: ['reject'],
      reason: ['lab only'],
      id: ['x', 'y'],
    });
  });

  it('refuses other methods, other bodies and oversized forms before the use case', async () => {
    const { requests, handler } = recorder();
    const url = 'https://ward.example.net/api/approvals';
    const put = await handler(
      new HttpRequest({ method: 'PUT', url }),
      contextFor('approvalsQueue').context,
    );
    expect(put.status).toBe(405);
    const json = await handler(
      new HttpRequest({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        body: { string: '{"id":["x"]}' },
      }),
      contextFor('approvalsQueue').context,
    );
    expect(json.status).toBe(415);
    const huge = await handler(
      new HttpRequest({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: { string: `reason=${'x'.repeat(17 * 1024)}` },
      }),
      contextFor('approvalsQueue').context,
    );
    expect(huge.status).toBe(413);
    expect(requests).toEqual([]);
  });
});
