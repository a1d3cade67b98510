import {
  AggregateAuthenticationError,
  AuthenticationError,
  CredentialUnavailableError,
} from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { isNoCredentialError } from '../../src/azure/credential-errors';

describe('isNoCredentialError', () => {
  it("recognises @azure/identity's no-credential errors, also wrapped as a cause", () => {
    const unavailable = new CredentialUnavailableError('Azure CLI could not be found');
    expect(isNoCredentialError(unavailable)).toBe(true);
    expect(isNoCredentialError(new AggregateAuthenticationError([unavailable]))).toBe(true);
    expect(isNoCredentialError(new Error('pipeline failed', { cause: unavailable }))).toBe(true);
  });

  it('leaves other failures alone: a refused sign-in, a network error, a non-error', () => {
    expect(
      isNoCredentialError(
        new AuthenticationError(400, { error: 'invalid_client', error_description: 'bad secret' }),
      ),
    ).toBe(false);
    expect(isNoCredentialError(new Error('ECONNREFUSED'))).toBe(false);
    expect(isNoCredentialError('CredentialUnavailableError')).toBe(false);
  });
});
