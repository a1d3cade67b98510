import type { TokenCredential } from '@azure/core-auth';
import { z } from 'zod';

const claimsSchema = z.looseObject({ oid: z.string().min(1) });

/**
 * Signs in once and returns the caller's object id from the token's `oid` claim (`undefined`
 * when the token is not a readable JWT). Signing in first makes a machine without credentials
 * fail here, before any check, with @azure/identity's error.
 */
export async function signedInObjectId(
  credential: TokenCredential,
  armScope = 'https://management.azure.com/.default',
): Promise<string | undefined> {
  const token = await credential.getToken(armScope);
  const payload = token?.token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = claimsSchema.safeParse(
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    );
    return claims.success ? claims.data.oid : undefined;
  } catch {
    return undefined;
  }
}
