export * from './cards';
export {
  createOutbox,
  DEFAULT_CLAIM_MS,
  OutboxError,
  type Outbox,
  type OutboxEntry,
  type SendResult,
} from './outbox';
export {
  createRedactor,
  PINO_REDACT_PATHS,
  REDACTED,
  redactingPinoOptions,
  type Redactor,
} from './redact';
export {
  createTeamsNotifier,
  DEFAULT_RETRY,
  parseRetryAfter,
  type DeliveryResult,
  type RetryOptions,
  type TeamsNotifier,
  type TeamsNotifierOptions,
} from './teams-notifier';
export type { NotifyLogger } from './logger';
export * from './types';
