import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../src/events';

describe('principalFromClaims', () => {
  it('reads a user from the long claim names ARM puts in events', () => {
    expect(
      principalFromClaims({
        'http://schemas.microsoft.com/identity/claims/objectidentifier':
          '3f1c2b7a-0000-4000-8000-000000000001',
        appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
        name: 'Ada Lovelace',
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'ada@contoso.com',
      }),
    ).toEqual({
      objectId: '3f1c2b7a-0000-4000-8000-000000000001',
      appId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      name: 'Ada Lovelace',
      upn: 'ada@contoso.com',
    });
  });

  it('reads a managed identity: object id and app id, no UPN', () => {
    expect(
      principalFromClaims({
        oid: '9a9a9a9a-0000-4000-8000-000000000002',
        azp: '7e7e7e7e-0000-4000-8000-000000000003',
        idtyp: 'app',
      }),
    ).toEqual({
      objectId: '9a9a9a9a-0000-4000-8000-000000000002',
      appId: '7e7e7e7e-0000-4000-8000-000000000003',
    });
  });

  it('ignores empty and non-string claims and answers undefined when nothing is left', () => {
    expect(principalFromClaims({ oid: '', appid: 42, name: ['x'] })).toBeUndefined();
    expect(principalFromClaims(undefined)).toBeUndefined();
  });
});
