import { describe, expect, it } from 'vitest';
import { SimulatorCredential } from '../../src/simulator';
import { OPAQUE_PRINCIPAL_ID, principalFromAuthorization } from '../../src/simulator/principal';
import { eventClaims } from '../../src/simulator/events/resource-events';

describe('SimulatorCredential and principals', () => {
  it('mints unsigned JWTs carrying the configured identity, which the simulator reads back', async () => {
    const credential = new SimulatorCredential({
      oid: 'oid-1',
      appid: 'app-1',
      tid: 'tenant-1',
      name: 'ward',
      now: () => 1_700_000_000_000,
    });
    const token = await credential.getToken('https://management.azure.com/.default');
    expect(token.expiresOnTimestamp).toBe(1_700_000_000_000 + 3600_000);
    const principal = principalFromAuthorization(`Bearer ${token.token}`);
    expect(principal).toMatchObject({
      id: 'oid-1',
      oid: 'oid-1',
      appid: 'app-1',
      tid: 'tenant-1',
      name: 'ward',
    });
    expect(principal?.claims.aud).toBe('https://management.azure.com');
    const [header] = token.token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({
      alg: 'none',
      typ: 'JWT',
    });
  });

  it('names the caller by appid when the token has no oid, and accepts opaque tokens', () => {
    const payload = Buffer.from(JSON.stringify({ appid: 'app-only' })).toString('base64url');
    expect(principalFromAuthorization(`Bearer x.${payload}.y`)?.id).toBe('app-only');
    expect(principalFromAuthorization('Bearer not-a-jwt')?.id).toBe(OPAQUE_PRINCIPAL_ID);
    expect(principalFromAuthorization('Basic abc')).toBeUndefined();
    expect(principalFromAuthorization(undefined)).toBeUndefined();
  });

  it('puts identity claims under the claim URIs Azure uses in events', async () => {
    const token = await new SimulatorCredential({ oid: 'o', tid: 't', name: 'n' }).getToken('s');
    const claims = eventClaims(principalFromAuthorization(`Bearer ${token.token}`));
    expect(claims).toMatchObject({
      'http://schemas.microsoft.com/identity/claims/objectidentifier': 'o',
      'http://schemas.microsoft.com/identity/claims/tenantid': 't',
      name: 'n',
    });
    expect(claims.appid).toBeUndefined();
  });
});
