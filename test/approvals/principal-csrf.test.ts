import { describe, expect, it } from 'vitest';
import { issueCsrfToken, verifyCsrfToken } from '../../src/approvals/csrf';
import { isApprover, parseClientPrincipal } from '../../src/approvals/principal';
import { planHash, canonicalJson } from '../../src/approvals/plan-hash';
import { samplePlan } from '../notify/samples';
import { APPROVER, principalHeader } from './fixtures';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64');

describe('x-ms-client-principal', () => {
  it('reads id, name and roles from an App Service principal (role_typ claims)', () => {
    const header = b64({
      auth_typ: 'aad',
      name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
      role_typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
      claims: [
        { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: 'oid-1' },
        {
          typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
          val: 'ops@contoso.example',
        },
        {
          typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
          val: 'Ward.Approver',
        },
        { typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role', val: 'Other' },
      ],
    });
    const result = parseClientPrincipal(header);
    expect(result).toEqual({
      kind: 'ok',
      identity: {
        id: 'oid-1',
        name: 'ops@contoso.example',
        roles: ['Ward.Approver', 'Other'],
        authType: 'aad',
      },
    });
    expect(result.kind === 'ok' && isApprover(result.identity)).toBe(true);
  });

  it('reads roles from a "roles" claim too', () => {
    const header = b64({
      auth_typ: 'aad',
      claims: [
        { typ: 'oid', val: 'o' },
        { typ: 'roles', val: 'Ward.Approver' },
      ],
    });
    const result = parseClientPrincipal(header);
    expect(result.kind === 'ok' && result.identity.roles).toEqual(['Ward.Approver']);
  });

  it('distinguishes absent from malformed and requires an object id', () => {
    expect(parseClientPrincipal(undefined)).toEqual({ kind: 'absent' });
    expect(parseClientPrincipal('')).toEqual({ kind: 'absent' });
    expect(parseClientPrincipal('!!!not base64 json')).toMatchObject({ kind: 'invalid' });
    expect(parseClientPrincipal(b64({ claims: [] }))).toMatchObject({
      kind: 'invalid',
      problem: expect.stringContaining('malformed') as string,
    });
    expect(
      parseClientPrincipal(b64({ auth_typ: 'aad', claims: [{ typ: 'name', val: 'x' }] })),
    ).toMatchObject({
      kind: 'invalid',
      problem: expect.stringContaining('object id') as string,
    });
  });

  it('a person without Ward.Approver is not an approver', () => {
    const result = parseClientPrincipal(
      principalHeader({ ...APPROVER, roles: ['ward.approver', 'Reader'] }),
    );
    expect(result.kind === 'ok' && isApprover(result.identity)).toBe(false);
  });
});

describe('CSRF token', () => {
  const key = Buffer.alloc(32, 7);
  const now = new Date('2026-11-23T10:00:00Z');
  const binding = { approvalId: 'AbCdEfGhIjKlMnOpQrStUv', principalId: 'oid-1' };

  it('verifies for the same approval and person before expiry', () => {
    const token = issueCsrfToken(key, binding, now);
    expect(verifyCsrfToken(key, token, binding, new Date(now.getTime() + 60_000))).toBe(true);
  });

  it('fails for another approval, another person, another key, after expiry, or tampered', () => {
    const token = issueCsrfToken(key, binding, now);
    expect(
      verifyCsrfToken(key, token, { ...binding, approvalId: 'ZZZZEfGhIjKlMnOpQrStUv' }, now),
    ).toBe(false);
    expect(verifyCsrfToken(key, token, { ...binding, principalId: 'oid-2' }, now)).toBe(false);
    expect(verifyCsrfToken(Buffer.alloc(32, 8), token, binding, now)).toBe(false);
    expect(verifyCsrfToken(key, token, binding, new Date(now.getTime() + 2 * 3_600_000))).toBe(
      false,
    );
    const [expiry = '', mac = ''] = token.split('.');
    const later = (parseInt(expiry, 36) + 3_600_000).toString(36);
    expect(verifyCsrfToken(key, `${later}.${mac}`, binding, now)).toBe(false);
    expect(verifyCsrfToken(key, undefined, binding, now)).toBe(false);
    expect(verifyCsrfToken(key, 'garbage', binding, now)).toBe(false);
  });

  it('refuses a short key', () => {
    expect(() => issueCsrfToken(Buffer.alloc(8), binding, now)).toThrow(/32 bytes/);
  });
});

describe('plan hash', () => {
  it('ignores key order and changes with any value', () => {
    const plan = samplePlan();
    const reordered = JSON.parse(canonicalJson({ ...plan })) as typeof plan;
    expect(planHash(reordered)).toBe(planHash(plan));
    expect(
      planHash({
        ...plan,
        changes: [{ path: 'properties.allowBlobPublicAccess', before: true, after: true }],
      }),
    ).not.toBe(planHash(plan));
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
  });
});
