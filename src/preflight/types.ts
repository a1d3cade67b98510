/** One preflight check's outcome: `fix` says exactly what to run or pass to make it `ok`. */
export interface PreflightCheck {
  /** Stable id of the kind of check (`provider-eventgrid`, `subscription-topic`, ...). */
  id: string;
  /** The subscription, vault or workspace id the check is about. */
  scope: string;
  status: 'ok' | 'fix';
  /** What was found. */
  detail: string;
  /** The command or template parameter that fixes it; for an `ok` check, what to pass or keep. */
  fix: string;
}

export interface PreflightReport {
  checks: PreflightCheck[];
}

/** Thrown when preflight cannot read what a check needs (exit code 2). */
export class PreflightReadError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PreflightReadError';
  }
}
