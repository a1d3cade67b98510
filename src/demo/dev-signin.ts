import { randomBytes, timingSafeEqual } from 'node:crypto';
import { APPROVER_ROLE } from '../approvals/principal';
import { escapeHtml, layout } from '../approvals/html';
import { deterministicUuid } from '../simulator/seed/ids';
import { DemoError } from './errors';

/** A person the demo's development sign-in lets you act as. */
export interface DevPrincipal {
  id: string;
  name: string;
  roles: string[];
}

/** The demo's people: one ops engineer holding the approver role and one data scientist without. */
export const DEV_PRINCIPALS: readonly DevPrincipal[] = [
  {
    id: deterministicUuid('ward-demo', 'principal', 'ops-engineer'),
    name: 'Olivia Ops (platform ops engineer)',
    roles: [APPROVER_ROLE],
  },
  {
    id: deterministicUuid('ward-demo', 'principal', 'data-scientist'),
    name: 'Dana Data (data scientist)',
    roles: [],
  },
];

export const SESSION_COOKIE = 'ward_dev_session';

/**
 * Development sign-in exists only for the demo on a laptop. In Azure (App Service sets
 * WEBSITE_SITE_NAME) sign-in is Entra ID through App Service authentication, and a page that
 * lets anyone pick who they are must never be served there.
 */
export function assertNotInAzure(env: Readonly<Record<string, string | undefined>>): void {
  const site = env.WEBSITE_SITE_NAME;
  if (site !== undefined && site !== '') {
    throw new DemoError(
      'DEV_SIGNIN_IN_AZURE',
      `development sign-in refuses to start: WEBSITE_SITE_NAME is set (${site}), so this runs in Azure, where sign-in is Entra ID`,
    );
  }
}

/** Sessions of the development sign-in: random ids in an HttpOnly cookie, kept in memory. */
export class DevSessions {
  private readonly sessions = new Map<string, DevPrincipal>();
  /** Guards the sign-in form against cross-site posts. */
  readonly formToken = randomBytes(24).toString('base64url');

  constructor(readonly principals: readonly DevPrincipal[]) {}

  signIn(principalId: string): string | undefined {
    const principal = this.principals.find((p) => p.id === principalId);
    if (!principal) return undefined;
    const session = randomBytes(24).toString('base64url');
    this.sessions.set(session, principal);
    return session;
  }

  signOut(session: string | undefined): void {
    if (session) this.sessions.delete(session);
  }

  principalOf(session: string | undefined): DevPrincipal | undefined {
    return session ? this.sessions.get(session) : undefined;
  }

  formTokenMatches(value: string | undefined): boolean {
    if (value === undefined) return false;
    const given = Buffer.from(value);
    const expected = Buffer.from(this.formToken);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** The session id from a Cookie header, if any. */
export function sessionFromCookie(cookie: string | undefined): string | undefined {
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=');
  }
  return undefined;
}

/** Only a path on this server may follow sign-in (no open redirect). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  return next;
}

export function renderSignInPage(
  sessions: DevSessions,
  next: string,
  current?: DevPrincipal,
): string {
  const options = sessions.principals
    .map((principal, index) => {
      const roles = principal.roles.length > 0 ? principal.roles.join(', ') : 'no app roles';
      const checked = index === 0 ? ' checked' : '';
      return `<div><input type="radio" id="p${index}" name="principal" value="${escapeHtml(principal.id)}"${checked}>
<label for="p${index}" style="display:inline;font-weight:400">${escapeHtml(principal.name)} <span class="hint">(${escapeHtml(roles)})</span></label></div>`;
    })
    .join('\n');
  const who = current
    ? `<p class="ok">Signed in as <strong>${escapeHtml(current.name)}</strong>. <a href="/.auth/logout">Sign out</a></p>`
    : '';
  const body = `<h1>Development sign-in</h1>
<p class="notice">This page exists only in <code>ward demo</code> on your machine. In Azure, sign-in is Entra ID through App Service authentication, and only holders of the <code>${escapeHtml(APPROVER_ROLE)}</code> app role may decide approvals.</p>
${who}
<form method="post" action="/.auth/login">
<fieldset><legend>Sign in as</legend>
${options}
</fieldset>
<input type="hidden" name="formToken" value="${escapeHtml(sessions.formToken)}">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<div class="buttons"><button class="approve" type="submit">Sign in</button></div>
</form>`;
  return layout('Development sign-in', body);
}
