/**
 * Scrubs secrets from what reaches logs: URLs carrying a signature or token in the query (the
 * Teams Workflows webhook URL carries a SAS `sig`), bearer tokens, and exact secret values
 * the caller names.
 */

export const REDACTED = '[REDACTED]';

const SENSITIVE_QUERY =
  /[?&](sig|code|token|access_token|api[-_]?key|key|signature|sv|sp|se|skoid)=/i;
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;
const BEARER = /\b(bearer|basic|sharedkey|sharedaccesssignature)\s+[A-Za-z0-9\-._~+/=:%&]+/gi;
const SIG_PARAM = /\b(sig|code|access_token|token|signature)=[^&\s"'<>]+/gi;

export interface Redactor {
  string(text: string): string;
  value(value: unknown): unknown;
}

/** `secrets` are exact values (e.g. the webhook URL) replaced wherever they appear. */
export function createRedactor(secrets: readonly string[] = []): Redactor {
  const exact = secrets.filter((secret) => secret.length >= 8);
  const string = (text: string): string => {
    let out = text;
    for (const secret of exact) out = out.split(secret).join(REDACTED);
    out = out.replace(URL_PATTERN, (url) => (SENSITIVE_QUERY.test(url) ? redactUrl(url) : url));
    out = out.replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`);
    out = out.replace(SIG_PARAM, (_match, name: string) => `${name}=${REDACTED}`);
    return out;
  };
  const value = (input: unknown, seen = new WeakSet<object>()): unknown => {
    if (typeof input === 'string') return string(input);
    if (input instanceof Error) {
      return { name: input.name, message: string(input.message), code: codeOf(input) };
    }
    if (input === null || typeof input !== 'object') return input;
    if (seen.has(input)) return '[Circular]';
    seen.add(input);
    if (Array.isArray(input)) return input.map((item: unknown) => value(item, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(input)) {
      out[key] = /^(authorization|webhookurl|x-ms-client-principal|cookie|set-cookie)$/i.test(key)
        ? REDACTED
        : value(item, seen);
    }
    return out;
  };
  return { string, value: (input) => value(input) };
}

/** Keeps scheme and host (useful when diagnosing) and drops path and query. */
function redactUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#\s]+)/i.exec(url);
  return `${match?.[1] ?? ''}/${REDACTED}`;
}

function codeOf(error: Error): unknown {
  return 'code' in error ? error.code : undefined;
}

/** pino `redact` paths for the fields ward's log lines may carry secrets in. */
export const PINO_REDACT_PATHS = [
  'webhookUrl',
  '*.webhookUrl',
  'url',
  '*.url',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-ms-client-principal"]',
  '*.headers["x-ms-client-principal"]',
  'headers.cookie',
  '*.headers.cookie',
];

/**
 * pino options that redact the known paths and scrub every string in the merge object and
 * the message, so a secret inside free text (an error message) is caught too.
 */
export function redactingPinoOptions(secrets: readonly string[] = []): {
  redact: { paths: string[]; censor: string };
  formatters: { log: (object: Record<string, unknown>) => Record<string, unknown> };
  hooks: {
    logMethod: (this: unknown, args: unknown[], method: (...args: unknown[]) => void) => void;
  };
} {
  const redactor = createRedactor(secrets);
  return {
    redact: { paths: PINO_REDACT_PATHS, censor: REDACTED },
    formatters: {
      log: (object) => redactor.value(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? redactor.string(arg) : arg)),
        );
      },
    },
  };
}
