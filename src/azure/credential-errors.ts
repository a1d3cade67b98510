/**
 * What to tell someone whose machine has no Azure sign-in: one line, no credential chain.
 */
export const NO_CREDENTIALS_MESSAGE =
  'no Azure credentials found: run `az login` (and `az account set --subscription <id>`), then try again';

/** The errors @azure/identity raises when no credential in a chain can sign in. */
const NO_CREDENTIAL_ERRORS = new Set([
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
]);

/**
 * True for @azure/identity's CredentialUnavailableError and AggregateAuthenticationError, also
 * when an SDK pipeline wrapped them (`cause`). Matched by name: the classes are loaded lazily
 * and the bundle may hold its own copy.
 */
export function isNoCredentialError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth += 1) {
    if (NO_CREDENTIAL_ERRORS.has(e.name)) return true;
    e = e.cause;
  }
  return false;
}
