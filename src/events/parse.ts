import type { z } from 'zod';
import type { ChangeSignal } from '../domain';
import { EventParseError } from './errors';
import { isKeyVaultSecretEventType, isResourceEventType } from './event-types';
import { principalFromClaims } from './principal';
import {
  cloudEventEnvelopeSchema,
  eventGridEnvelopeSchema,
  keyVaultEventDataSchema,
  resourceEventDataSchema,
  type EventEnvelope,
} from './schemas';
import { judgedResourceId } from './judged-resource';
import { isArnEventType } from './arn-event-types';
import { arnSignal } from './arn-parse';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** "data.resourceUri: expected string, received undefined; ..." */
function describe(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      return `${path || '(event)'}: ${issue.message}`;
    })
    .join('; ');
}

function readableId(raw: unknown): string | undefined {
  if (!isRecord(raw)) return undefined;
  return typeof raw.id === 'string' && raw.id !== '' ? raw.id : undefined;
}

function toIso(time: string): string {
  return new Date(time).toISOString();
}

/** Reads either envelope; the CloudEvents schema is recognised by `specversion`. */
export function parseEnvelope(raw: unknown): EventEnvelope {
  const eventId = readableId(raw);
  if (!isRecord(raw)) {
    throw new EventParseError(
      'malformed',
      `expected an event object, got ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}`,
      eventId,
    );
  }
  if ('specversion' in raw) {
    const parsed = cloudEventEnvelopeSchema.safeParse(raw);
    if (!parsed.success)
      throw new EventParseError('malformed', describe(parsed.error, ''), eventId);
    const e = parsed.data;
    return {
      schema: 'cloudevents',
      id: e.id,
      type: e.type,
      time: e.time,
      topic: e.source,
      subject: e.subject,
      data: e.data,
    };
  }
  const parsed = eventGridEnvelopeSchema.safeParse(raw);
  if (!parsed.success) throw new EventParseError('malformed', describe(parsed.error, ''), eventId);
  const e = parsed.data;
  return {
    schema: 'eventgrid',
    id: e.id,
    type: e.eventType,
    time: e.eventTime,
    topic: e.topic,
    subject: e.subject,
    data: e.data,
  };
}

function subscriptionFrom(path: string | undefined): string | undefined {
  if (!path) return undefined;
  return /^\/subscriptions\/([^/]+)/i.exec(path)?.[1];
}

function resourceSignal(envelope: EventEnvelope): ChangeSignal {
  const parsed = resourceEventDataSchema.safeParse(envelope.data);
  if (!parsed.success)
    throw new EventParseError('malformed', describe(parsed.error, 'data'), envelope.id);
  const data = parsed.data;
  if (!envelope.time) throw new EventParseError('malformed', 'time: missing', envelope.id);
  const signal: ChangeSignal = {
    eventId: envelope.id,
    eventType: envelope.type,
    source: 'eventgrid',
    resourceId: judgedResourceId(data.resourceUri),
    eventTime: toIso(envelope.time),
    operationName: data.operationName,
  };
  const subscriptionId = data.subscriptionId ?? subscriptionFrom(data.resourceUri);
  if (subscriptionId) signal.subscriptionId = subscriptionId;
  const principal = principalFromClaims(data.claims);
  if (principal) signal.principal = principal;
  if (data.correlationId) signal.correlationId = data.correlationId;
  return signal;
}

/** Trims and lower-cases keys: the documented sample spells one `"ObjectName "`. */
function normaliseKeys(data: unknown): unknown {
  if (!isRecord(data)) return data;
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key.trim().toLowerCase(), value]),
  );
}

function secretSignal(envelope: EventEnvelope): ChangeSignal {
  const parsed = keyVaultEventDataSchema.safeParse(normaliseKeys(envelope.data));
  if (!parsed.success)
    throw new EventParseError('malformed', describe(parsed.error, 'data'), envelope.id);
  const data = parsed.data;
  if (data.objecttype.toLowerCase() !== 'secret') {
    throw new EventParseError(
      'unsupported-type',
      `data.ObjectType "${data.objecttype}" is not a secret`,
      envelope.id,
    );
  }
  const url = new URL(data.id);
  const [collection, nameInId, versionInId] = url.pathname.split('/').filter(Boolean);
  if (collection?.toLowerCase() !== 'secrets' || !nameInId) {
    throw new EventParseError(
      'malformed',
      `data.Id "${data.id}" is not a secret identifier (https://{vault}/secrets/{name}[/{version}])`,
      envelope.id,
    );
  }
  const name = data.objectname ?? nameInId;
  if (name.toLowerCase() !== nameInId.toLowerCase()) {
    throw new EventParseError(
      'malformed',
      `data.ObjectName "${name}" does not match data.Id "${data.id}"`,
      envelope.id,
    );
  }
  const version = data.version ?? versionInId;
  if (!envelope.time) throw new EventParseError('malformed', 'time: missing', envelope.id);
  const signal: ChangeSignal = {
    eventId: envelope.id,
    eventType: envelope.type,
    source: 'keyvault',
    resourceId: `${url.origin}/secrets/${nameInId}${version ? `/${version}` : ''}`,
    eventTime: toIso(envelope.time),
    secret: { vaultName: data.vaultname, name, ...(version ? { version } : {}) },
  };
  const subscriptionId = subscriptionFrom(envelope.topic);
  if (subscriptionId) signal.subscriptionId = subscriptionId;
  return signal;
}

/**
 * Validates one delivered event (Event Grid or CloudEvents schema) into a ChangeSignal.
 * Throws EventParseError: `malformed` when the event is not what its type promises,
 * `unsupported-type` for event types ward does not handle.
 */
export function parseEvent(raw: unknown): ChangeSignal {
  const envelope = parseEnvelope(raw);
  if (isResourceEventType(envelope.type)) return resourceSignal(envelope);
  if (isKeyVaultSecretEventType(envelope.type)) return secretSignal(envelope);
  if (isArnEventType(envelope.type)) return arnSignal(envelope, envelope.type);
  throw new EventParseError(
    'unsupported-type',
    `event type "${envelope.type}" is not one ward handles`,
    envelope.id,
  );
}

export interface RejectedEvent {
  eventId?: string;
  error: EventParseError;
}

export interface ParsedEvents {
  signals: ChangeSignal[];
  rejected: RejectedEvent[];
}

/** Parses a batch; one bad event never hides the good ones beside it. */
export function parseEvents(raw: unknown): ParsedEvents {
  const items: unknown[] = Array.isArray(raw) ? raw : [raw];
  const result: ParsedEvents = { signals: [], rejected: [] };
  for (const item of items) {
    try {
      result.signals.push(parseEvent(item));
    } catch (error) {
      if (!(error instanceof EventParseError)) throw error;
      result.rejected.push({ ...(error.eventId ? { eventId: error.eventId } : {}), error });
    }
  }
  return result;
}
