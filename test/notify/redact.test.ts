import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from '../../src/notify/redact';
import { memoryLogger } from './memory-logger';

const SIG = 'CANARYsigABCDEF0123456789';
const TOKEN = 'eyJCANARYtoken.payload.signature';
const WEBHOOK = `https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${SIG}`;
const FUNCTION_URL = 'https://ward.azurewebsites.net/api/x?code=CANARYfunctionkey123';

describe('redaction', () => {
  it('scrubs signed URLs, function keys and bearer tokens from strings', () => {
    const r = createRedactor();
    const out = r.string(
      `posting to ${WEBHOOK} with Authorization: Bearer ${TOKEN} and ${FUNCTION_URL}`,
    );
    expect(out).not.toContain('CANARY');
    expect(out).toContain('https://prod-12.westeurope.logic.azure.com:443/[REDACTED]');
    expect(out).toContain(`Bearer ${REDACTED}`);
  });

  it('keeps ordinary URLs and text', () => {
    const r = createRedactor();
    const text = 'see https://learn.microsoft.com/azure/storage?view=rest for details';
    expect(r.string(text)).toBe(text);
  });

  it('scrubs nested objects, errors and sensitive keys', () => {
    const r = createRedactor([WEBHOOK]);
    const value = r.value({
      nested: { list: [WEBHOOK, { authorization: 'Basic abc' }] },
      error: new Error(`fetch to ${WEBHOOK} failed`),
      webhookUrl: 'anything',
    });
    expect(JSON.stringify(value)).not.toContain('CANARY');
    expect(JSON.stringify(value)).not.toContain('Basic abc');
  });

  it('keeps canaries out of a real pino logger output, whatever field carries them', () => {
    const { logger, output } = memoryLogger([WEBHOOK]);
    logger.info({ webhookUrl: WEBHOOK }, 'configured');
    logger.info({ url: WEBHOOK, headers: { authorization: `Bearer ${TOKEN}` } }, 'request');
    logger.warn({ detail: `retrying ${WEBHOOK}` }, `free text mentions ${WEBHOOK}`);
    logger.error({ err: new Error(`cannot reach ${FUNCTION_URL}`) }, 'failed');
    logger.info({ req: { headers: { 'x-ms-client-principal': 'CANARYprincipal' } } }, 'principal');
    logger.info(`token Bearer ${TOKEN}`);
    const text = output();
    expect(text.split('\n').filter(Boolean)).toHaveLength(6);
    expect(text).not.toContain('CANARY');
    expect(text).toContain('configured');
    expect(text).toContain(REDACTED);
  });
});
