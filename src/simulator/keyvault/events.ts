import type { EventGridEvent } from '../events/event';
import type { SecretVersion } from './secrets';

export const SECRET_NEW_VERSION_CREATED = 'Microsoft.KeyVault.SecretNewVersionCreated';
export const SECRET_NEAR_EXPIRY = 'Microsoft.KeyVault.SecretNearExpiry';
export const SECRET_EXPIRED = 'Microsoft.KeyVault.SecretExpired';

export type SecretEventType =
  typeof SECRET_NEW_VERSION_CREATED | typeof SECRET_NEAR_EXPIRY | typeof SECRET_EXPIRED;

/** Key Vault raises SecretNearExpiry this long before `exp`. */
export const NEAR_EXPIRY_SECONDS = 30 * 86_400;

export interface VaultIdentity {
  /** ARM id of the vault: the system topic's source and the event's `topic`. */
  resourceId: string;
  name: string;
  url: string;
}

/**
 * A Key Vault event in the Event Grid schema, shaped like Microsoft's sample but with clean
 * values: `ObjectName` without the sample's trailing space, `Version` without its leading
 * space, and `NBF`/`EXP` as numbers (Unix seconds) or null when the secret has none, as the
 * documented property table says.
 */
export function secretEvent(
  eventType: SecretEventType,
  vault: VaultIdentity,
  name: string,
  version: SecretVersion,
  eventTime: Date,
  id: string,
): EventGridEvent {
  return {
    id,
    topic: vault.resourceId,
    subject: name,
    eventType,
    eventTime: eventTime.toISOString(),
    data: {
      Id: `${vault.url}/secrets/${name}/${version.version}`,
      VaultName: vault.name,
      ObjectType: 'Secret',
      ObjectName: name,
      Version: version.version,
      NBF: version.nbf ?? null,
      EXP: version.exp ?? null,
    },
    dataVersion: '1',
    metadataVersion: '1',
  };
}

export interface ExpiryCandidate {
  name: string;
  current: SecretVersion;
}

export interface ExpiryTransition {
  eventType: typeof SECRET_NEAR_EXPIRY | typeof SECRET_EXPIRED;
  name: string;
  version: SecretVersion;
}

/**
 * Tracks which expiry events each current secret version has had, so each is raised once per
 * (version, exp): SecretNearExpiry when the time reaches `exp` minus 30 days, SecretExpired
 * when it reaches `exp`. Changing `exp` re-arms the version.
 */
export class ExpiryTracker {
  private readonly raised = new Map<string, Set<string>>();

  private key(name: string, version: SecretVersion): string {
    return `${name.toLowerCase()}/${version.version}/${version.exp ?? ''}`;
  }

  /** Marks what already holds at `nowSeconds` as raised (the estate's state before the start). */
  prime(candidates: readonly ExpiryCandidate[], nowSeconds: number): void {
    for (const transition of this.due(candidates, nowSeconds)) this.mark(transition);
  }

  /** Transitions due at `nowSeconds` that were not raised yet; marks them raised. */
  take(candidates: readonly ExpiryCandidate[], nowSeconds: number): ExpiryTransition[] {
    const due = this.due(candidates, nowSeconds);
    for (const transition of due) this.mark(transition);
    return due;
  }

  private mark(transition: ExpiryTransition): void {
    const key = this.key(transition.name, transition.version);
    const set = this.raised.get(key) ?? new Set<string>();
    set.add(transition.eventType);
    this.raised.set(key, set);
  }

  private due(candidates: readonly ExpiryCandidate[], nowSeconds: number): ExpiryTransition[] {
    const out: ExpiryTransition[] = [];
    for (const { name, current } of candidates) {
      const exp = current.exp;
      if (exp === undefined) continue;
      const raised = this.raised.get(this.key(name, current));
      if (nowSeconds >= exp - NEAR_EXPIRY_SECONDS && !raised?.has(SECRET_NEAR_EXPIRY)) {
        out.push({ eventType: SECRET_NEAR_EXPIRY, name, version: current });
      }
      if (nowSeconds >= exp && !raised?.has(SECRET_EXPIRED)) {
        out.push({ eventType: SECRET_EXPIRED, name, version: current });
      }
    }
    return out;
  }
}
