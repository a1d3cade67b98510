import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { AzureError } from '../../src/azure/errors';
import { readError } from '../../src/readers';

const restError = (statusCode: number) => new RestError(`status ${statusCode}`, { statusCode });

describe('readError', () => {
  it('marks refusals final and names them', () => {
    expect(readError('/subscriptions/s/x', restError(403))).toMatchObject({
      code: 'not-authorized',
      retryable: false,
      statusCode: 403,
    });
    expect(readError('/subscriptions/s/x', restError(401)).code).toBe('not-authorized');
    expect(readError('/subscriptions/s/x', restError(400))).toMatchObject({
      code: 'read-failed',
      retryable: false,
    });
  });

  it('marks throttling, server errors and transport failures retryable', () => {
    for (const status of [408, 429, 500, 502, 503]) {
      expect(readError('x', restError(status))).toMatchObject({
        retryable: true,
        statusCode: status,
      });
    }
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(readError('x', reset)).toMatchObject({ code: 'read-failed', retryable: true });
    expect(readError('x', reset).message).toContain('socket hang up');
  });

  it('passes coded errors through unchanged', () => {
    const capped = new AzureError('retry-after-too-long', 'wait', { retryable: true });
    expect(readError('x', capped)).toBe(capped);
  });
});
