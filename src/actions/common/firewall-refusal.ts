/**
 * Key Vault's answer when its network rules refuse the caller: 403 `Forbidden` with the inner
 * error `ForbiddenByFirewall` and the message "Client address is not authorized and caller is
 * not a trusted service." Returns that message (first line) when `error` is such a refusal.
 */
export function firewallRefusal(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const { statusCode, message, details } = error as {
    statusCode?: unknown;
    message?: unknown;
    details?: unknown;
  };
  if (statusCode !== 403) return undefined;
  const text = typeof message === 'string' ? message : '';
  const inner = JSON.stringify(details ?? null);
  const refused =
    inner.includes('ForbiddenByFirewall') ||
    text.includes('ForbiddenByFirewall') ||
    text.includes('Client address is not authorized');
  if (!refused) return undefined;
  return text.split(/\r?\n/)[0] ?? text;
}
