import { describe, expect, it } from 'vitest';
import { createDevSignIn, DEV_COOKIE, runsInAzure } from '../../src/approvals/dev-sign-in';
import { isApprover, parseClientPrincipal } from '../../src/approvals/principal';

describe('development sign-in', () => {
  it('turns its own signed cookie into the principal App Service would send', () => {
    const signIn = createDevSignIn({});
    const header = signIn.principalHeader(`other=1; ${DEV_COOKIE}=${signIn.cookieFor('approver')}`);
    const parsed = parseClientPrincipal(header);
    expect(parsed.kind === 'ok' && isApprover(parsed.identity)).toBe(true);
    const viewer = parseClientPrincipal(
      signIn.principalHeader(`${DEV_COOKIE}=${signIn.cookieFor('viewer')}`),
    );
    expect(viewer.kind === 'ok' && isApprover(viewer.identity)).toBe(false);
  });

  it('refuses forged or foreign cookies', () => {
    const signIn = createDevSignIn({});
    const other = createDevSignIn({});
    const viewerCookie = signIn.cookieFor('viewer');
    const mac = viewerCookie.split('.')[1] ?? '';
    expect(signIn.principalHeader(`${DEV_COOKIE}=approver.${mac}`)).toBeUndefined();
    expect(signIn.principalHeader(`${DEV_COOKIE}=${other.cookieFor('approver')}`)).toBeUndefined();
    expect(signIn.principalHeader(`${DEV_COOKIE}=approver`)).toBeUndefined();
    expect(signIn.principalHeader(undefined)).toBeUndefined();
  });

  it('knows when it runs in Azure', () => {
    expect(runsInAzure({ WEBSITE_SITE_NAME: 'ward' })).toBe(true);
    expect(runsInAzure({ WEBSITE_HOSTNAME: 'ward.azurewebsites.net' })).toBe(true);
    expect(runsInAzure({ HOME: '/home/dev' })).toBe(false);
  });
});
