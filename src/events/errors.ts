export type EventParseErrorCode = 'malformed' | 'unsupported-type';

/** An event ward cannot act on. The trigger logs it with its id and acknowledges it. */
export class EventParseError extends Error {
  override readonly name = 'EventParseError';
  readonly code: EventParseErrorCode;
  readonly eventId: string | undefined;

  constructor(code: EventParseErrorCode, problem: string, eventId?: string) {
    super(`event ${eventId ?? '(no readable id)'}: ${problem}`);
    this.code = code;
    this.eventId = eventId;
  }
}
