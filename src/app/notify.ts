import type { Finding, RuleId } from '../domain';
import { alertCard } from '../notify/cards/alert';
import type { AlertFact, AlertKind, TeamsMessage } from '../notify/types';
import type { WardContext } from './context';
import { errorText } from './errors';
import { offerCard } from './card-gate';

/** The ids every record of one signal carries. */
export interface Correlation {
  eventId: string;
  invocationId: string;
  correlationId?: string;
}

export function correlationFields(ids: Correlation): Correlation {
  return {
    eventId: ids.eventId,
    invocationId: ids.invocationId,
    ...(ids.correlationId !== undefined ? { correlationId: ids.correlationId } : {}),
  };
}

/**
 * Posts through the outbox. A failure to keep the message is logged, never thrown: the change
 * it reports has happened and is in the ledger either way.
 */
export async function sendCard(
  ctx: WardContext,
  message: TeamsMessage,
  kind: string,
): Promise<void> {
  try {
    const result = await ctx.outbox.send(message, kind);
    if (!result.delivered) {
      ctx.logger.warn(
        { kind, outboxId: result.outboxId, error: result.error },
        'teams card kept in the outbox',
      );
    }
  } catch (error) {
    ctx.logger.error({ kind, error: errorText(error) }, 'teams card could not be sent or kept');
  }
}

export interface AlertRequest {
  kind: AlertKind;
  summary: string;
  finding?: Finding;
  resourceId?: string;
  ruleId?: RuleId;
  facts?: AlertFact[];
  details?: string[];
  relatedId?: string;
  error?: string;
}

/** Records an alert in the ledger and posts its card; answers the ledger id. */
export async function raiseAlert(
  ctx: WardContext,
  request: AlertRequest,
  ids?: Correlation,
): Promise<string> {
  const resourceId = request.finding?.resourceId ?? request.resourceId;
  const ruleId = request.finding?.ruleId ?? request.ruleId;
  const entry = await ctx.ledger.append({
    kind: 'alert',
    outcome: 'succeeded',
    ...(ids ? correlationFields(ids) : {}),
    ...(resourceId !== undefined ? { resourceId } : {}),
    ...(ruleId !== undefined ? { ruleId } : {}),
    ...(request.finding ? { fingerprint: request.finding.fingerprint } : {}),
    ...(request.relatedId !== undefined ? { relatedId: request.relatedId } : {}),
    ...(request.error !== undefined ? { error: request.error } : {}),
    summary: `${request.kind}: ${request.summary}`,
  });
  ctx.hub.count('alerts');
  ctx.hub.emit({
    type: 'alert',
    kind: request.kind,
    summary: request.summary,
    ledgerId: entry.id,
    ...(resourceId !== undefined ? { resourceId } : {}),
    ...(ruleId !== undefined ? { ruleId } : {}),
  });
  ctx.logger.warn(
    {
      ...(ids ? correlationFields(ids) : {}),
      resourceId,
      ruleId,
      alert: request.kind,
      ledgerId: entry.id,
    },
    request.summary,
  );
  const message = alertCard({
    kind: request.kind,
    summary: request.summary,
    occurredAt: ctx.now().toISOString(),
    ledgerId: entry.id,
    ...(request.finding ? { finding: request.finding } : {}),
    ...(resourceId !== undefined ? { resourceId } : {}),
    ...(ruleId !== undefined ? { ruleId } : {}),
    ...(request.facts ? { facts: request.facts } : {}),
    ...(request.details ? { details: request.details } : {}),
  });
  await offerCard(ctx, {
    message,
    kind: `alert:${request.kind}`,
    cls: 'urgent',
    fromSweep: ids?.eventId.startsWith('sweep:') ?? false,
    item: {
      cls: 'urgent',
      origin: ids?.eventId.startsWith('sweep:') ? 'sweep' : 'event',
      what: request.kind,
      summary: request.summary.slice(0, 2000),
      at: ctx.now().toISOString(),
      ledgerId: entry.id,
      ...(resourceId !== undefined ? { resourceId } : {}),
      ...(ruleId !== undefined ? { ruleId } : {}),
      ...(request.finding ? { severity: request.finding.severity } : {}),
    },
  });
  return entry.id;
}
