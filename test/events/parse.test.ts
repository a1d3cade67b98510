import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventParseError, parseEvent, parseEvents } from '../../src/events';

function fixture(name: string): Record<string, unknown> {
  const parsed = JSON.parse(
    readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>[];
  const first = parsed[0];
  if (!first) throw new Error(`${name} holds no event`);
  return first;
}

function parseError(raw: unknown): EventParseError {
  try {
    parseEvent(raw);
  } catch (error) {
    if (error instanceof EventParseError) return error;
    throw error;
  }
  throw new Error('parseEvent accepted the event');
}

const writeSuccess = (): Record<string, unknown> =>
  fixture('resources-resource-write-success.eventgrid.json');
const STORAGE_ID =
  '/subscriptions/{subscription-id}/resourcegroups/{resource-group}/providers/Microsoft.Storage/storageAccounts/{storage-name}';

describe('parseEvent: ARM resource events', () => {
  it('reads the documented ResourceWriteSuccess sample (Event Grid schema)', () => {
    expect(parseEvent(writeSuccess())).toEqual({
      eventId: '4db48cba-50a2-455a-93b4-de41a3b5b7f6',
      eventType: 'Microsoft.Resources.ResourceWriteSuccess',
      source: 'eventgrid',
      resourceId: STORAGE_ID,
      subscriptionId: '{subscription-id}',
      eventTime: '2018-07-19T18:38:04.611Z',
      operationName: 'Microsoft.Storage/storageAccounts/write',
      correlationId: '{ID}',
      principal: { objectId: '{ID}', appId: '{ID}', name: '{full-name}', upn: '{user-name}' },
    });
  });

  it('reads the same event in the CloudEvents schema', () => {
    const eg = writeSuccess();
    const cloudEvent = {
      id: eg.id,
      source: eg.topic,
      subject: eg.subject,
      type: 'Microsoft.Resources.ResourceActionSuccess',
      time: eg.eventTime,
      data: eg.data,
      specversion: '1.0',
    };
    const signal = parseEvent(cloudEvent);
    expect(signal).toMatchObject({
      eventId: '4db48cba-50a2-455a-93b4-de41a3b5b7f6',
      eventType: 'Microsoft.Resources.ResourceActionSuccess',
      resourceId: STORAGE_ID,
      eventTime: '2018-07-19T18:38:04.611Z',
    });
  });

  it('accepts ResourceDeleteSuccess and takes the subscription from the id when data lacks it', () => {
    const event = writeSuccess();
    const data = { ...(event.data as Record<string, unknown>) };
    delete data.subscriptionId;
    data.operationName = 'Microsoft.Storage/storageAccounts/delete';
    data.resourceUri =
      '/subscriptions/1111/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa';
    const signal = parseEvent({
      ...event,
      eventType: 'Microsoft.Resources.ResourceDeleteSuccess',
      data,
    });
    expect(signal.subscriptionId).toBe('1111');
    expect(signal.eventType).toBe('Microsoft.Resources.ResourceDeleteSuccess');
  });

  it('rejects an event without data.resourceUri, naming the event and the field', () => {
    const event = writeSuccess();
    const data = { ...(event.data as Record<string, unknown>) };
    delete data.resourceUri;
    const error = parseError({ ...event, data });
    expect(error.code).toBe('malformed');
    expect(error.eventId).toBe('4db48cba-50a2-455a-93b4-de41a3b5b7f6');
    expect(error.message).toContain('4db48cba-50a2-455a-93b4-de41a3b5b7f6');
    expect(error.message).toContain('data.resourceUri');
  });

  it('rejects a resourceUri that is not an ARM id', () => {
    const event = writeSuccess();
    const error = parseError({
      ...event,
      data: { ...(event.data as object), resourceUri: 'storage-name' },
    });
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/data\.resourceUri: not an ARM resource id/);
  });

  it('rejects wrong types in the envelope and in data', () => {
    expect(parseError({ ...writeSuccess(), eventTime: 1532025484 }).message).toContain('eventTime');
    expect(parseError({ ...writeSuccess(), eventTime: 'yesterday' }).message).toMatch(
      /eventTime: not a date-time/,
    );
    const event = writeSuccess();
    const error = parseError({ ...event, data: { ...(event.data as object), claims: 'everyone' } });
    expect(error.message).toContain('data.claims');
    expect(parseError({ ...writeSuccess(), data: null }).message).toContain('data');
  });

  it('answers unsupported-type for an event type ward does not handle', () => {
    const error = parseError({ ...writeSuccess(), eventType: 'Microsoft.Storage.BlobCreated' });
    expect(error.code).toBe('unsupported-type');
    expect(error.message).toContain('Microsoft.Storage.BlobCreated');
    expect(error.eventId).toBe('4db48cba-50a2-455a-93b4-de41a3b5b7f6');
  });

  it('rejects values that are not event objects, without an id to name', () => {
    for (const raw of ['event', 42, null, undefined, [writeSuccess()]]) {
      const error = parseError(raw);
      expect(error.code).toBe('malformed');
      expect(error.eventId).toBeUndefined();
      expect(error.message).toContain('(no readable id)');
    }
    expect(parseError({ eventType: 'Microsoft.Resources.ResourceWriteSuccess' }).message).toContain(
      'id',
    );
  });

  it('rejects a CloudEvent of another spec version', () => {
    const error = parseError({
      id: 'c1',
      source: '/x',
      type: 'Microsoft.Resources.ResourceWriteSuccess',
      specversion: '0.3',
      data: {},
    });
    expect(error.message).toContain('specversion');
  });
});

describe('parseEvent: Key Vault secret events', () => {
  const secretUrl =
    'https://sample-kv.vault.azure.net/secrets/newsecret/ee059b2bb5bc48398a53b168c6cdcb10';

  it('reads the documented sample with its quirks (Event Grid schema)', () => {
    expect(parseEvent(fixture('keyvault-secret-new-version-created.eventgrid.json'))).toEqual({
      eventId: '00eccf70-95a7-4e7c-8299-2eb17ee9ad64',
      eventType: 'Microsoft.KeyVault.SecretNewVersionCreated',
      source: 'keyvault',
      resourceId: secretUrl,
      subscriptionId: '{subscription-id}',
      eventTime: '2019-07-25T01:08:33.103Z',
      secret: {
        vaultName: 'sample-kv',
        name: 'newsecret',
        version: 'ee059b2bb5bc48398a53b168c6cdcb10',
      },
    });
  });

  it('reads the CloudEvents sample the same way', () => {
    const signal = parseEvent(fixture('keyvault-secret-new-version-created.cloudevent.json'));
    expect(signal.resourceId).toBe(secretUrl);
    expect(signal.secret).toEqual({
      vaultName: 'sample-kv',
      name: 'newsecret',
      version: 'ee059b2bb5bc48398a53b168c6cdcb10',
    });
    expect(signal.subscriptionId).toBe('{subscription-id}');
  });

  it('handles near-expiry and expired events', () => {
    expect(
      parseEvent(fixture('keyvault-secret-near-expiry.DERIVED.eventgrid.json')).eventType,
    ).toBe('Microsoft.KeyVault.SecretNearExpiry');
    expect(parseEvent(fixture('keyvault-secret-expired.DERIVED.eventgrid.json')).eventType).toBe(
      'Microsoft.KeyVault.SecretExpired',
    );
  });

  it('accepts NBF/EXP as numbers, numeric strings or null, and well-formed keys', () => {
    const base = fixture('keyvault-secret-near-expiry.DERIVED.eventgrid.json');
    const tidy = {
      Id: secretUrl,
      VaultName: 'sample-kv',
      ObjectType: 'Secret',
      ObjectName: 'newsecret',
      Version: 'ee059b2bb5bc48398a53b168c6cdcb10',
    };
    for (const times of [
      { NBF: 1559081980, EXP: 1559082102 },
      { NBF: null, EXP: null },
      { NBF: '1559081980' },
    ]) {
      expect(parseEvent({ ...base, data: { ...tidy, ...times } }).secret?.name).toBe('newsecret');
    }
    const error = parseError({ ...base, data: { ...tidy, EXP: 'next year' } });
    expect(error.code).toBe('malformed');
    expect(error.message).toContain('data.exp');
  });

  it('takes the name and version from the Id when the data omits them', () => {
    const base = fixture('keyvault-secret-expired.DERIVED.eventgrid.json');
    const signal = parseEvent({
      ...base,
      data: { Id: secretUrl, VaultName: 'sample-kv', ObjectType: 'Secret' },
    });
    expect(signal.secret).toEqual({
      vaultName: 'sample-kv',
      name: 'newsecret',
      version: 'ee059b2bb5bc48398a53b168c6cdcb10',
    });
  });

  it('rejects a secret event whose Id is not a secret identifier or disagrees with ObjectName', () => {
    const base = fixture('keyvault-secret-expired.DERIVED.eventgrid.json');
    const data = base.data as Record<string, unknown>;
    expect(
      parseError({ ...base, data: { ...data, Id: 'https://sample-kv.vault.azure.net/keys/k1' } })
        .message,
    ).toContain('not a secret identifier');
    expect(parseError({ ...base, data: { ...data, 'ObjectName ': 'other' } }).message).toContain(
      'does not match',
    );
    expect(parseError({ ...base, data: { ...data, Id: 'not a url' } }).message).toContain(
      'data.id',
    );
    expect(parseError({ ...base, data: { ...data, ObjectType: 'Key' } }).code).toBe(
      'unsupported-type',
    );
  });
});

describe('parseEvents', () => {
  it('keeps good events and lists the rejected with their ids', () => {
    const bad = { ...writeSuccess(), id: 'bad-1', data: {} };
    const { signals, rejected } = parseEvents([
      writeSuccess(),
      bad,
      'junk',
      fixture('keyvault-secret-new-version-created.eventgrid.json'),
    ]);
    expect(signals.map((s) => s.source)).toEqual(['eventgrid', 'keyvault']);
    expect(rejected).toHaveLength(2);
    expect(rejected[0]?.eventId).toBe('bad-1');
    expect(rejected[0]?.error.code).toBe('malformed');
    expect(rejected[1]?.eventId).toBeUndefined();
  });

  it('treats a single object as a batch of one', () => {
    expect(parseEvents(writeSuccess()).signals).toHaveLength(1);
  });
});
