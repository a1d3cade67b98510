import { TableClient } from '@azure/data-tables';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ASCII_BODY_POLICY, escapeNonAscii } from '../../src/store/ascii-body';
import { createTableStore } from '../../src/store/tables';
import {
  startSplitProxy,
  tableHostOf,
  throughProxy,
  type SplitProxy,
} from '../support/split-proxy';

/** Nothing above U+007F. */
const ASCII_ONLY = /^[\t\n\r -\u007f]*$/;

const connectionString = inject('azuriteConnectionString');
let proxy: SplitProxy;

beforeAll(async () => {
  proxy = await startSplitProxy(tableHostOf(connectionString));
});

afterAll(async () => {
  await proxy.close();
});

/**
 * 2-, 3- and 4-byte UTF-8 after an ASCII run, 29,000 UTF-16 units (a Table string holds 32 Ki):
 * two such properties make a body of about 120 KB, well past one network read.
 */
const MIXED = `${'a'.repeat(5_000)}${'é€😀'.repeat(6_000)}`;
const ENTITY = {
  partitionKey: 'p',
  rowKey: 'r',
  text: MIXED,
  more: `${'€😀é'.repeat(6_000)}${'b'.repeat(5_000)}`,
};

function tableName(): string {
  return `ascii${randomBytes(6).toString('hex')}`;
}

/** Records the body of every request, after every other per-call policy has run. */
function bodySpy(bodies: string[]): PipelinePolicy {
  return {
    name: 'bodySpy',
    sendRequest(request, next) {
      if (typeof request.body === 'string') bodies.push(request.body);
      return next(request);
    },
  };
}

describe('escapeNonAscii', () => {
  it('writes only ASCII, and the JSON parses to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        for (const input of [value, text, { text }]) {
          const escaped = escapeNonAscii(JSON.stringify(input));
          expect(escaped).toMatch(ASCII_ONLY);
          expect(JSON.parse(escaped)).toEqual(JSON.parse(JSON.stringify(input)));
        }
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });
});

describe('table requests', () => {
  it('leave ward as pure ASCII, so no multi-byte sequence can be split on the way', async () => {
    const bodies: string[] = [];
    const store = createTableStore({
      connectionString,
      prefix: 'asc',
      clientOptions: { additionalPolicies: [{ policy: bodySpy(bodies), position: 'perRetry' }] },
    });
    const table = await store.table(tableName().slice(3));
    await table.createEntity(ENTITY);
    const sent = bodies.find((body) => body.includes('"text"'));
    expect(sent).toBeDefined();
    expect(sent).toMatch(ASCII_ONLY);
    expect(sent).toContain('\\ud83d\\ude00');
  });

  it('keep large non-ASCII text whole when the body reaches the server in small pieces', async () => {
    const store = createTableStore({ connectionString: throughProxy(connectionString, proxy) });
    const table = await store.table(tableName());
    await table.createEntity(ENTITY);
    const read = await table.getEntity<{ text: string; more: string }>('p', 'r');
    expect(read.text).toBe(ENTITY.text);
    expect(read.more).toBe(ENTITY.more);
  });

  it('without the policy, the same write through the same pieces comes back damaged (the fault is real)', async () => {
    const name = tableName();
    const plain = TableClient.fromConnectionString(throughProxy(connectionString, proxy), name, {
      allowInsecureConnection: true,
    });
    await plain.createTable();
    await plain.createEntity(ENTITY);
    const read = await plain.getEntity<{ text: string; more: string }>('p', 'r');
    expect(`${read.text}${read.more}`).toContain('\ufffd');
  });

  it('names the policy so a pipeline lists it', () => {
    expect(ASCII_BODY_POLICY).toBe('wardAsciiJsonBody');
  });
});
