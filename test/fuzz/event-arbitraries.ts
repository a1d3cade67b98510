import fc from 'fast-check';
import { EventParseError, parseEvent } from '../../src/events';
import type { ChangeSignal } from '../../src/domain';
import { hostileValue, withValueAt } from './fuzz-settings';

const SUB = '22222222-2222-4222-8222-222222222222';
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st`;

/** Valid events of each kind ward takes, to mutate one field at a time. */
export const BASE_EVENTS: readonly Record<string, unknown>[] = [
  {
    id: 'evt-1',
    topic: `/subscriptions/${SUB}`,
    subject: ACCOUNT,
    eventType: 'Microsoft.Resources.ResourceWriteSuccess',
    eventTime: '2026-11-23T12:00:00Z',
    data: {
      resourceUri: ACCOUNT,
      operationName: 'Microsoft.Storage/storageAccounts/write',
      status: 'Succeeded',
      subscriptionId: SUB,
      claims: { oid: 'b0b0b0b0-0000-4000-8000-0000000000bb', name: 'Alice' },
    },
    dataVersion: '',
    metadataVersion: '1',
  },
  {
    id: 'evt-2',
    topic: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`,
    subject: 'app-key',
    eventType: 'Microsoft.KeyVault.SecretNewVersionCreated',
    eventTime: '2026-11-23T12:00:00Z',
    data: {
      Id: 'https://kv.vault.azure.net/secrets/app-key/0123456789abcdef',
      VaultName: 'kv',
      ObjectType: 'Secret',
      ObjectName: 'app-key',
      Version: '0123456789abcdef',
      NBF: null,
      EXP: '1796428800',
    },
  },
  {
    specversion: '1.0',
    id: 'evt-3',
    source: `/subscriptions/${SUB}`,
    type: 'Microsoft.Resources.ResourceWriteSuccess',
    time: '2026-11-23T12:00:00Z',
    subject: ACCOUNT,
    data: { resourceUri: ACCOUNT, operationName: 'Microsoft.Storage/storageAccounts/write' },
  },
];

const PATHS: readonly (readonly string[])[] = [
  [],
  ['id'],
  ['eventType'],
  ['type'],
  ['specversion'],
  ['eventTime'],
  ['time'],
  ['topic'],
  ['source'],
  ['subject'],
  ['data'],
  ['data', 'resourceUri'],
  ['data', 'operationName'],
  ['data', 'subscriptionId'],
  ['data', 'correlationId'],
  ['data', 'claims'],
  ['data', 'claims', 'name'],
  ['data', 'claims', 'oid'],
  ['data', 'Id'],
  ['data', 'VaultName'],
  ['data', 'ObjectType'],
  ['data', 'ObjectName'],
  ['data', 'Version'],
  ['data', 'EXP'],
];

/** One valid event with one to three fields replaced by hostile values, or anything at all. */
export const fuzzedEvent: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...BASE_EVENTS),
        fc.array(fc.tuple(fc.constantFrom(...PATHS), hostileValue), {
          minLength: 1,
          maxLength: 3,
        }),
      )
      .map(([base, edits]) =>
        edits.reduce<unknown>((event, [path, value]) => withValueAt(event, path, value), base),
      ),
  },
  { weight: 1, arbitrary: fc.anything() },
);

/** The parser's answer: a signal, or a coded error; anything else thrown is a crash. */
export function parseOutcome(raw: unknown): ChangeSignal | EventParseError {
  try {
    return parseEvent(raw);
  } catch (error) {
    if (error instanceof EventParseError) return error;
    throw error;
  }
}
