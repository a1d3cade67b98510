import { isRestError } from '@azure/core-rest-pipeline';
import type { RestError } from '@azure/core-rest-pipeline';

/** The RestError a call fails with; fails the test if the call succeeds or fails otherwise. */
export async function restError(p: Promise<unknown>): Promise<RestError> {
  try {
    await p;
  } catch (error) {
    if (isRestError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
