import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventParseError, parseEvent } from '../../src/events';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
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

function withData(
  event: Record<string, unknown>,
  change: (data: Record<string, unknown>) => void,
): Record<string, unknown> {
  const copy = structuredClone(event);
  change(copy.data as Record<string, unknown>);
  return copy;
}

const CREATED_FILES = [
  'resource-notifications-created-or-updated.eventgrid.json',
  'resource-notifications-created-or-updated.cloudevent.json',
];
const DELETED_FILES = [
  'resource-notifications-deleted.eventgrid.json',
  'resource-notifications-deleted.cloudevent.json',
];

describe('parseEvent: Azure Resource Notifications', () => {
  it.each(CREATED_FILES)('reads the CreatedOrUpdated sample with its payload (%s)', (file) => {
    const signal = parseEvent(fixture(file));
    expect(signal.eventType).toBe('Microsoft.ResourceNotifications.Resources.CreatedOrUpdated');
    expect(signal.source).toBe('eventgrid');
    expect(signal.resourceId).toMatch(/\/providers\/Microsoft\.Storage\/storageAccounts\//);
    // The time that orders changes is the resource's, not the delivery's.
    expect(signal.eventTime).toBe('2023-07-28T20:13:10.841Z');
    expect(signal.subscriptionId).toBe('319a9601-1ec0-0000-aebc-8fe82724c81e');
    expect(signal.deleted).toBeUndefined();
    expect(signal.principal).toBeUndefined();
    expect(signal.payload?.origin).toBe('resource-notifications');
    expect(signal.payload?.apiVersion).toBe('2019-06-01');
    expect(signal.payload?.stateTime).toBe('2023-07-28T20:13:10.841Z');
    // Booleans stay as Azure wrote them (1/0) until a reader restores the ones rules read.
    expect(signal.payload?.resource.properties?.allowBlobPublicAccess).toBe(1);
    expect(signal.payload?.resource.type).toBe('Microsoft.Storage/storageAccounts');
  });

  it.each(DELETED_FILES)('reads the Deleted sample as a deletion without payload (%s)', (file) => {
    const signal = parseEvent(fixture(file));
    expect(signal.deleted).toBe(true);
    expect(signal.payload).toBeUndefined();
    expect(signal.eventTime).toBe('2023-07-28T20:11:36.634Z');
    expect(signal.operationName).toBe('Microsoft.Storage/storageAccounts/delete');
  });

  it('judges the parent of a child resource, without taking the child body as its payload', () => {
    const event = withData(fixture(CREATED_FILES[0] ?? ''), (data) => {
      const info = data.resourceInfo as Record<string, unknown>;
      info.id = `${String(info.id)}/blobServices/default/providers/Microsoft.Insights/diagnosticSettings/audit`;
      info.type = 'Microsoft.Insights/diagnosticSettings';
    });
    const signal = parseEvent(event);
    expect(signal.resourceId).toMatch(/storageAccounts\/\{storageAccount-name\}$/);
    expect(signal.payload).toBeUndefined();
  });

  it('names a missing resourceEventTime', () => {
    const event = withData(fixture(CREATED_FILES[1] ?? ''), (data) => {
      data.operationalInfo = {};
    });
    const error = parseError(event);
    expect(error.code).toBe('malformed');
    expect(error.message).toContain('data.operationalInfo.resourceEventTime');
  });

  it('names a resource id that is not an ARM id', () => {
    const event = withData(fixture(CREATED_FILES[0] ?? ''), (data) => {
      (data.resourceInfo as Record<string, unknown>).id = 'storageAccount-name';
    });
    const error = parseError(event);
    expect(error.code).toBe('malformed');
    expect(error.message).toContain('data.resourceInfo.id: not an ARM resource id');
  });

  it('names an api-version that is not one', () => {
    const event = withData(fixture(CREATED_FILES[0] ?? ''), (data) => {
      data.apiVersion = 'latest';
    });
    expect(parseError(event).message).toContain('data.apiVersion');
  });

  it('treats a CreatedOrUpdated event without properties as a pointer to read', () => {
    const event = withData(fixture(CREATED_FILES[0] ?? ''), (data) => {
      delete (data.resourceInfo as Record<string, unknown>).properties;
    });
    const signal = parseEvent(event);
    expect(signal.payload).toBeUndefined();
    expect(signal.deleted).toBeUndefined();
  });
});
