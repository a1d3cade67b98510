import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApprovalHttpRequest,
  ApprovalQueueHttpRequest,
  InvocationInfo,
} from '../../src/app/ports';
import { createEntraTokenVerifier } from '../../src/approvals/entra-token';
import { parseClientPrincipal } from '../../src/approvals/principal';
import { startApprovalServer, type ApprovalServer } from '../../src/demo/approval-server';
import { DEV_PRINCIPALS } from '../../src/demo/dev-signin';

/** What the approval use case was handed, so the test sees what the function passed on. */
const seen: { request: ApprovalHttpRequest; invocation: InvocationInfo }[] = [];

/** What the approvals queue use case was handed. */
const queueSeen: { request: ApprovalQueueHttpRequest; invocation: InvocationInfo }[] = [];

let server: ApprovalServer;

beforeAll(async () => {
  server = await startApprovalServer({
    env: {},
    getUseCases: () =>
      Promise.resolve({
        approval: (request, invocation) => {
          seen.push({ request, invocation });
          return Promise.resolve({
            status: 200,
            headers: { 'content-type': 'text/html; charset=utf-8' },
            body: `<p>approval ${request.approvalId} ${request.method}</p>`,
          });
        },
        approvalQueue: (request, invocation) => {
          queueSeen.push({ request, invocation });
          return Promise.resolve({
            status: 200,
            headers: { 'content-type': 'text/html; charset=utf-8' },
            body: `<p>queue ${request.method}</p>`,
          });
        },
      }),
  });
});

afterAll(async () => {
  await server.close();
});

const manual = { redirect: 'manual' } as const;

async function signIn(principalId: string): Promise<string> {
  const page = await fetch(`${server.origin}/.auth/login`);
  const html = await page.text();
  const token = /name="formToken" value="([^"]+)"/.exec(html)?.[1];
  expect(token).toBeDefined();
  const response = await fetch(`${server.origin}/.auth/login`, {
    ...manual,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      formToken: token ?? '',
      principal: principalId,
      next: '/api/approvals/abc',
    }).toString(),
  });
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/api/approvals/abc');
  const cookie = response.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/);
  return cookie.split(';')[0] ?? '';
}

describe('demo approval server', () => {
  it('refuses to start in Azure (WEBSITE_SITE_NAME set)', async () => {
    await expect(
      startApprovalServer({
        env: { WEBSITE_SITE_NAME: 'ward-prod' },
        getUseCases: () => Promise.reject(new Error('never called')),
      }),
    ).rejects.toMatchObject({ code: 'DEV_SIGNIN_IN_AZURE' });
  });

  it('sends a visitor who has not signed in to the development sign-in page', async () => {
    const response = await fetch(server.approvalUrl('abc'), manual);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(
      `/.auth/login?next=${encodeURIComponent('/api/approvals/abc')}`,
    );
    const post = await fetch(server.approvalUrl('abc'), { method: 'POST', body: 'x=1' });
    expect(post.status).toBe(401);
    const login = await fetch(`${server.origin}/.auth/login`);
    const html = await login.text();
    for (const principal of DEV_PRINCIPALS) expect(html).toContain(principal.id);
    expect(html).toContain('Ward.Approver');
    expect(seen).toHaveLength(0);
  });

  it('passes the chosen principal to the approval function as App Service would, ignoring a forged header', async () => {
    const approver = DEV_PRINCIPALS.find((p) => p.roles.includes('Ward.Approver'));
    const dataScientist = DEV_PRINCIPALS.find((p) => p.roles.length === 0);
    if (!approver || !dataScientist) throw new Error('the demo needs both kinds of principal');
    const cookie = await signIn(dataScientist.id);

    const forged = Buffer.from(
      JSON.stringify({
        auth_typ: 'aad',
        claims: [
          { typ: 'oid', val: approver.id },
          { typ: 'roles', val: 'Ward.Approver' },
        ],
      }),
    ).toString('base64');
    const forgedToken = 'eyJhbGciOiJub25lIn0.eyJvaWQiOiJ4In0.';
    const response = await fetch(server.approvalUrl('abc'), {
      headers: { cookie, 'x-ms-client-principal': forged, 'x-ms-token-aad-id-token': forgedToken },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('approval abc GET');
    const call = seen.at(-1);
    expect(call?.request.approvalId).toBe('abc');
    expect(call?.invocation.functionName).toBe('approval');
    const principal = parseClientPrincipal(call?.request.headers['x-ms-client-principal']);
    expect(principal).toMatchObject({
      kind: 'ok',
      identity: { id: dataScientist.id, roles: [] },
    });
    // The id token the development sign-in forwards verifies against the keys it serves.
    const verify = createEntraTokenVerifier(server.signInSettings);
    expect(call?.request.headers['x-ms-token-aad-id-token']).not.toBe(forgedToken);
    await expect(verify(call?.request.headers ?? {})).resolves.toMatchObject({
      kind: 'ok',
      identity: { id: dataScientist.id, name: dataScientist.name, roles: [] },
    });

    const approverCookie = await signIn(approver.id);
    const post = await fetch(server.approvalUrl('abc'), {
      method: 'POST',
      headers: { cookie: approverCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approve&csrf=t',
    });
    expect(post.status).toBe(200);
    const decided = seen.at(-1);
    expect(decided?.request.method).toBe('POST');
    expect(decided?.request.form).toEqual({ decision: 'approve', csrf: 't' });
    expect(parseClientPrincipal(decided?.request.headers['x-ms-client-principal'])).toMatchObject({
      kind: 'ok',
      identity: { id: approver.id, roles: ['Ward.Approver'] },
    });
    expect(server.served().map((s) => s.status)).toEqual([200, 200]);
  });

  it('serves the approvals queue at /api/approvals behind the same sign-in, with every repeated value', async () => {
    const anonymous = await fetch(server.queueUrl, manual);
    expect(anonymous.status).toBe(302);
    expect(queueSeen).toHaveLength(0);

    const approver = DEV_PRINCIPALS.find((p) => p.roles.includes('Ward.Approver'));
    if (!approver) throw new Error('the demo needs an approver');
    const cookie = await signIn(approver.id);
    const list = await fetch(`${server.queueUrl}?rule=storage-min-tls-1-2&page=2`, {
      headers: { cookie },
    });
    expect(await list.text()).toContain('queue GET');
    expect(queueSeen.at(-1)?.request.query).toEqual({
      rule: ['storage-min-tls-1-2'],
      page: ['2'],
    });
    expect(queueSeen.at(-1)?.invocation.functionName).toBe('approvalsQueue');
    const bulk = await fetch(server.queueUrl, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrf=t&decision=approve&id=a&id=b',
    });
    expect(bulk.status).toBe(200);
    expect(queueSeen.at(-1)?.request.form).toEqual({
      csrf: ['t'],
      decision: ['approve'],
      id: ['a', 'b'],
    });
    expect(
      parseClientPrincipal(queueSeen.at(-1)?.request.headers['x-ms-client-principal']),
    ).toMatchObject({ kind: 'ok', identity: { id: approver.id } });
  });

  it('rejects a sign-in without the page token and never redirects off the server', async () => {
    const noToken = await fetch(`${server.origin}/.auth/login`, {
      ...manual,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ principal: DEV_PRINCIPALS[0]?.id ?? '' }).toString(),
    });
    expect(noToken.status).toBe(403);

    const html = await (await fetch(`${server.origin}/.auth/login`)).text();
    const token = /name="formToken" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const offsite = await fetch(`${server.origin}/.auth/login`, {
      ...manual,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        formToken: token,
        principal: DEV_PRINCIPALS[0]?.id ?? '',
        next: '//evil.example/steal',
      }).toString(),
    });
    expect(offsite.status).toBe(303);
    expect(offsite.headers.get('location')).toBe('/');

    const unknown = await fetch(`${server.origin}/.auth/login`, {
      ...manual,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ formToken: token, principal: 'someone-else' }).toString(),
    });
    expect(unknown.status).toBe(400);
  });
});
