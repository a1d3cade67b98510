import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { APPROVER_ROLE, encodeClientPrincipal } from './principal';

/** People the local sign-in page offers; they exist only in `ward demo`. */
export const DEV_PRINCIPALS = [
  {
    key: 'approver',
    id: '00000000-0000-0000-0000-00000000a001',
    name: 'Demo Approver (development sign-in)',
    roles: [APPROVER_ROLE],
  },
  {
    key: 'viewer',
    id: '00000000-0000-0000-0000-00000000a002',
    name: 'Demo Viewer without the approver role (development sign-in)',
    roles: [] as string[],
  },
] as const;

export type DevPrincipalKey = (typeof DEV_PRINCIPALS)[number]['key'];

export const DEV_COOKIE = 'ward_dev_principal';

export class DevSignInError extends Error {
  override readonly name = 'DevSignInError';
  readonly code = 'dev-sign-in-in-azure';
}

/** App Service sets these; their presence means ward runs in Azure. */
const AZURE_MARKERS = [
  'WEBSITE_SITE_NAME',
  'WEBSITE_INSTANCE_ID',
  'WEBSITE_HOSTNAME',
  'FUNCTIONS_WORKER_RUNTIME_VERSION',
];

export function runsInAzure(env: Readonly<Record<string, string | undefined>>): boolean {
  return AZURE_MARKERS.some((name) => (env[name] ?? '') !== '');
}

export interface DevSignIn {
  /** The cookie value that signs in as `key`. */
  cookieFor(key: DevPrincipalKey): string;
  /** The x-ms-client-principal App Service would send for the cookie, or undefined. */
  principalHeader(cookieHeader: string | undefined): string | undefined;
}

/**
 * A development stand-in for App Service authentication. It refuses to exist when ward runs
 * in Azure, so no deployment can be signed into with it. The cookie is signed with a key made
 * at start, so it cannot be forged and dies with the demo.
 */
export function createDevSignIn(env: Readonly<Record<string, string | undefined>>): DevSignIn {
  if (runsInAzure(env)) {
    throw new DevSignInError(
      'the development sign-in exists only in `ward demo` and refuses to start in Azure (App Service settings are present)',
    );
  }
  const key = randomBytes(32);
  const sign = (value: string): string =>
    createHmac('sha256', key).update(value).digest('base64url');
  return {
    cookieFor(principalKey) {
      return `${principalKey}.${sign(principalKey)}`;
    },
    principalHeader(cookieHeader) {
      const raw = cookieHeader
        ?.split(';')
        .map((part) => part.trim())
        .find((part) => part.startsWith(`${DEV_COOKIE}=`))
        ?.slice(DEV_COOKIE.length + 1);
      if (!raw) return undefined;
      const [principalKey = '', mac = ''] = raw.split('.');
      const expected = Buffer.from(sign(principalKey));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const person = DEV_PRINCIPALS.find((p) => p.key === principalKey);
      return person
        ? encodeClientPrincipal({
            id: person.id,
            name: person.name,
            roles: [...person.roles],
            authType: 'dev',
          })
        : undefined;
    },
  };
}
