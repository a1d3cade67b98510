/** The logging ward's notify and approvals code needs; a pino logger satisfies it. */
export interface NotifyLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}
