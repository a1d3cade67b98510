import { describe, expect, it } from 'vitest';
import { EventParseError, parseEvent } from '../../src/events';
import { MAX_EVENT_ID_CHARS, MAX_EVENT_LABEL_CHARS } from '../../src/store/text-limits';

const SUB = '22222222-2222-4222-8222-222222222222';
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st`;

function write(data: Record<string, unknown>, id = 'evt-1'): unknown {
  return {
    id,
    subject: ACCOUNT,
    eventType: 'Microsoft.Resources.ResourceWriteSuccess',
    eventTime: '2026-11-23T12:00:00Z',
    data: {
      resourceUri: ACCOUNT,
      operationName: 'Microsoft.Storage/storageAccounts/write',
      ...data,
    },
  };
}

function parseError(raw: unknown): EventParseError {
  try {
    parseEvent(raw);
  } catch (error) {
    if (error instanceof EventParseError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('texts from events are bounded at the boundary', () => {
  it('cuts display names and UPNs from claims to a bounded length with a visible marker', () => {
    const signal = parseEvent(
      write({ claims: { name: 'x'.repeat(100_000), upn: `${'y'.repeat(5_000)}@contoso.example` } }),
    );
    expect(signal.principal?.name?.length).toBe(MAX_EVENT_LABEL_CHARS);
    expect(signal.principal?.name).toMatch(/…\[truncated 100000 chars\]$/);
    expect(signal.principal?.upn?.length).toBe(MAX_EVENT_LABEL_CHARS);
  });

  it('refuses an id longer than any Azure id, naming the field, instead of cutting it', () => {
    const long = `${ACCOUNT}/${'a'.repeat(MAX_EVENT_ID_CHARS)}`;
    const error = parseError(write({ resourceUri: long }));
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/data\.resourceUri: Too big/);
    expect(parseError(write({}, 'e'.repeat(MAX_EVENT_ID_CHARS + 1))).message).toMatch(
      /id: Too big/,
    );
  });

  it('refuses an operation name or correlation id longer than a label', () => {
    const op = parseError(write({ operationName: 'o'.repeat(MAX_EVENT_LABEL_CHARS + 1) }));
    expect(op.message).toMatch(/data\.operationName: Too big/);
    const corr = parseError(write({ correlationId: 'c'.repeat(MAX_EVENT_LABEL_CHARS + 1) }));
    expect(corr.message).toMatch(/data\.correlationId: Too big/);
  });
});
