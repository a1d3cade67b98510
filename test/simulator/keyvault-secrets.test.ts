import { describe, expect, it } from 'vitest';
import type { SimRequest } from '../../src/simulator/http';
import { handleVaultRequest, type VaultContext } from '../../src/simulator/keyvault/handler';
import {
  ExpiryTracker,
  NEAR_EXPIRY_SECONDS,
  SECRET_EXPIRED,
  SECRET_NEAR_EXPIRY,
} from '../../src/simulator/keyvault/events';
import { VaultSecrets } from '../../src/simulator/keyvault/secrets';

const T0 = 1_800_000_000;

function store(now: { t: number }): VaultSecrets {
  let n = 0;
  const secrets = new VaultSecrets(
    'kv',
    () => now.t,
    () => `v${++n}`.padEnd(32, '0'),
  );
  secrets.seed(
    { vault: 'kv', name: 'Db-Password', attributes: { enabled: true, exp: T0 + 40 * 86_400 } },
    'seedversion',
  );
  return secrets;
}

function request(method: SimRequest['method'], path: string, body?: unknown): SimRequest {
  const url = new URL(`https://127.0.0.1:9${path}`);
  url.searchParams.set('api-version', '7.6');
  const token = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ aud: 'https://vault.azure.net', oid: 'x' })).toString('base64url')}.`;
  return {
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    rawBody: body === undefined ? '' : JSON.stringify(body),
    body,
    principal: undefined,
    correlationId: 'c',
    requestId: 'r',
    faults: [],
  };
}

describe('VaultSecrets', () => {
  it('finds secrets case-insensitively and keeps the first spelling', () => {
    const secrets = store({ t: T0 });
    expect(secrets.get('db-password', '')?.version).toBe('seedversion');
    expect(secrets.list().map((s) => s.name)).toEqual(['Db-Password']);
  });

  it('updates only the attributes given and stamps updated', () => {
    const now = { t: T0 };
    const secrets = store(now);
    now.t += 100;
    const updated = secrets.update('db-password', 'seedversion', {
      attributes: { enabled: false },
    });
    expect(updated).toMatchObject({ enabled: false, exp: T0 + 40 * 86_400, updated: T0 + 100 });
    expect(secrets.update('db-password', 'nope', { tags: {} })).toBeUndefined();
  });

  it('makes a written version current without changing the old one', () => {
    const secrets = store({ t: T0 });
    const written = secrets.set('DB-PASSWORD', { value: 'new' });
    expect(written.name).toBe('Db-Password');
    expect(secrets.get('db-password', undefined)?.value).toBe('new');
    expect(secrets.get('db-password', 'seedversion')?.exp).toBe(T0 + 40 * 86_400);
    expect(secrets.find('db-password')?.versions).toHaveLength(2);
  });
});

describe('ExpiryTracker', () => {
  it('raises near expiry and expiry once per version and exp, and re-arms when exp changes', () => {
    const now = { t: T0 };
    const secrets = store(now);
    const tracker = new ExpiryTracker();
    tracker.prime(secrets.list(), now.t);
    const exp = T0 + 40 * 86_400;
    expect(tracker.take(secrets.list(), exp - NEAR_EXPIRY_SECONDS - 1)).toEqual([]);
    expect(tracker.take(secrets.list(), exp - NEAR_EXPIRY_SECONDS).map((t) => t.eventType)).toEqual(
      [SECRET_NEAR_EXPIRY],
    );
    expect(tracker.take(secrets.list(), exp - 1)).toEqual([]);
    expect(tracker.take(secrets.list(), exp).map((t) => t.eventType)).toEqual([SECRET_EXPIRED]);
    expect(tracker.take(secrets.list(), exp + 86_400)).toEqual([]);
    secrets.update('db-password', '', { attributes: { exp: exp + 10 * 86_400 } });
    expect(tracker.take(secrets.list(), exp + 86_400).map((t) => t.eventType)).toEqual([
      SECRET_NEAR_EXPIRY,
    ]);
  });

  it('does not raise for what already held at start', () => {
    const secrets = store({ t: T0 });
    const tracker = new ExpiryTracker();
    tracker.prime(secrets.list(), T0 + 39 * 86_400);
    expect(tracker.take(secrets.list(), T0 + 39 * 86_400 + 1)).toEqual([]);
  });
});

describe('handleVaultRequest', () => {
  function vault(): VaultContext & { created: string[] } {
    const created: string[] = [];
    return {
      name: 'kv',
      url: 'https://127.0.0.1:9',
      tenantId: '00000000-0000-4000-8000-000000000000',
      secrets: store({ t: T0 }),
      recoveryLevel: () => 'Recoverable',
      onNewVersion: (name) => created.push(name),
      created,
    };
  }

  it('rejects read-only attributes and unknown fields in an update, naming them', () => {
    const response = handleVaultRequest(
      request('PATCH', '/secrets/db-password/seedversion', { attributes: { created: 1 } }),
      vault(),
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('created');
  });

  it('requires a value to set a secret and refuses to write a version', () => {
    const v = vault();
    expect(
      handleVaultRequest(request('PUT', '/secrets/new-one', { contentType: 'x' }), v).status,
    ).toBe(400);
    expect(
      handleVaultRequest(request('PUT', '/secrets/new-one/abc', { value: 'x' }), v).status,
    ).toBe(405);
    expect(v.created).toEqual([]);
    expect(handleVaultRequest(request('PUT', '/secrets/new-one', { value: 'x' }), v).status).toBe(
      200,
    );
    expect(v.created).toEqual(['new-one']);
  });

  it('answers an update without the value and a list item without a version', () => {
    const v = vault();
    const patched = handleVaultRequest(
      request('PATCH', '/secrets/db-password/seedversion', { tags: { a: 'b' } }),
      v,
    );
    expect(patched.body).not.toHaveProperty('value');
    expect(patched.body).toMatchObject({
      id: 'https://127.0.0.1:9/secrets/Db-Password/seedversion',
      tags: { a: 'b' },
    });
    const list = handleVaultRequest(request('GET', '/secrets'), v);
    expect(list.body).toMatchObject({
      value: [{ id: 'https://127.0.0.1:9/secrets/Db-Password' }],
      nextLink: null,
    });
  });

  it('refuses to get a disabled version but still lists and updates it', () => {
    const v = vault();
    v.secrets.update('db-password', '', { attributes: { enabled: false } });
    expect(handleVaultRequest(request('GET', '/secrets/db-password'), v).status).toBe(403);
    expect(handleVaultRequest(request('GET', '/secrets'), v).body).toMatchObject({
      value: [{ attributes: { enabled: false } }],
    });
    const enabled = handleVaultRequest(
      request('PATCH', '/secrets/db-password/seedversion', { attributes: { enabled: true } }),
      v,
    );
    expect(enabled.status).toBe(200);
    expect(handleVaultRequest(request('GET', '/secrets/db-password'), v).status).toBe(200);
  });

  it('rejects maxresults outside 1..25 and names operations it does not serve', () => {
    const tooMany = request('GET', '/secrets');
    tooMany.url.searchParams.set('maxresults', '26');
    expect(handleVaultRequest(tooMany, vault()).status).toBe(400);
    const deleted = handleVaultRequest(request('DELETE', '/secrets/db-password'), vault());
    expect(deleted.status).toBe(501);
    expect(JSON.stringify(deleted.body)).toContain('DELETE /secrets/db-password');
  });
});
