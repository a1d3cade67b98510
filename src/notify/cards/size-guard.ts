import type { TeamsMessage } from '../types';
import { GENEROUS_LIMITS, tighten, type ContentLimits } from './limits';

/**
 * Teams refuses messages above about 28 KB. The workflow wraps the card in its own message,
 * so ward keeps 2 KB of headroom below that.
 */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;
export const CARD_TARGET_BYTES = TEAMS_MESSAGE_LIMIT_BYTES - 2 * 1024;

export class CardTooLargeError extends Error {
  readonly code = 'card-too-large';
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`the Teams card is ${bytes} bytes even at the smallest content limits (limit ${limit})`);
    this.name = 'CardTooLargeError';
  }
}

export function messageBytes(message: TeamsMessage): number {
  return Buffer.byteLength(JSON.stringify(message), 'utf8');
}

/** Builds the card with tighter content limits until the serialized message fits. */
export function fitToLimit(
  build: (limits: ContentLimits) => TeamsMessage,
  maxBytes: number = CARD_TARGET_BYTES,
): TeamsMessage {
  let limits: ContentLimits | undefined = GENEROUS_LIMITS;
  let message = build(limits);
  for (;;) {
    const bytes = messageBytes(message);
    if (bytes <= maxBytes) return message;
    limits = tighten(limits);
    if (!limits) throw new CardTooLargeError(bytes, maxBytes);
    message = build(limits);
  }
}
