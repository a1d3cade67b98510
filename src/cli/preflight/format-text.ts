import type { PreflightCheck } from '../../preflight/types';
import { paint, renderTable } from '../format/table';

/** `/subscriptions/{id}` → the id; a resource id → its name; anything else as is. */
function shortScope(scope: string): string {
  const parts = scope.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? scope;
}

/**
 * The preflight table (status, check, scope, what was found), then what to do: every `fix`
 * with its command, and the template parameters `ok` checks say to pass.
 */
export function preflightText(
  checks: readonly PreflightCheck[],
  options: { color: boolean },
): string {
  const rows = checks.map((check) => [
    check.status === 'ok'
      ? { text: 'ok', color: 'green' as const }
      : { text: 'fix', color: 'red' as const },
    check.id,
    shortScope(check.scope),
    check.detail,
  ]);
  let out = renderTable(['status', 'check', 'scope', 'detail'], rows, options);
  const fixes = checks.filter((c) => c.status === 'fix');
  const passes = checks.filter((c) => c.status === 'ok' && c.fix !== '');
  if (fixes.length > 0) {
    out += `\n${paint('To fix:', 'bold', options.color)}\n`;
    for (const c of fixes) out += `  ${c.id} (${shortScope(c.scope)}): ${c.fix}\n`;
  }
  if (passes.length > 0) {
    out += `\n${paint('When deploying:', 'bold', options.color)}\n`;
    for (const c of passes) out += `  ${c.id} (${shortScope(c.scope)}): ${c.fix}\n`;
  }
  const failed = fixes.length;
  out += `\n${checks.length} checks: ${checks.length - failed} ok, ${failed} to fix\n`;
  return out;
}
