import type { SeedSecret } from '../seed/format';

/** One version of a secret, with its times in Unix seconds as the data plane speaks. */
export interface SecretVersion {
  version: string;
  value: string;
  enabled: boolean;
  nbf: number | undefined;
  exp: number | undefined;
  created: number;
  updated: number;
  tags: Record<string, string> | undefined;
  contentType: string | undefined;
  /**
   * A seeded version's attributes, tags and content type exactly as the seed gave them (nulls,
   * `recoveryLevel`, `recoverableDays` included): served verbatim until the version is written.
   */
  recorded?: RecordedSecretFields;
}

export interface RecordedSecretFields {
  attributes: Record<string, unknown>;
  tags?: Record<string, string> | null;
  contentType?: string | null;
}

export interface StoredSecret {
  /** The name as first written; lookups ignore case, as Key Vault's do. */
  name: string;
  /** Oldest first; the last one is the current version. */
  versions: SecretVersion[];
}

export interface SecretAttributesPatch {
  enabled?: boolean | undefined;
  nbf?: number | null | undefined;
  exp?: number | null | undefined;
}

export interface SecretUpdate {
  attributes?: SecretAttributesPatch | undefined;
  tags?: Record<string, string> | undefined;
  contentType?: string | undefined;
}

export interface SecretWrite extends SecretUpdate {
  value: string;
}

/** Value served for seeded secrets: ward never reads values, but `getSecret` expects one. */
export const PLACEHOLDER_SECRET_VALUE = 'simulated-secret-value';

/**
 * The secrets of one vault. Time comes in (`nowSeconds`) and version ids come from
 * `newVersion`, so the store is deterministic under a simulated clock and a seeded PRNG.
 */
export class VaultSecrets {
  private readonly byName = new Map<string, StoredSecret>();

  constructor(
    readonly vaultName: string,
    private readonly nowSeconds: () => number,
    private readonly newVersion: () => string,
  ) {}

  /** Adds a seeded secret as a single version (the seed's own version id when it has one). */
  seed(secret: SeedSecret, version: string): void {
    const now = this.nowSeconds();
    const { attributes } = secret;
    const created = attributes.created ?? now;
    const stored: SecretVersion = {
      version: secret.version ?? version,
      value: PLACEHOLDER_SECRET_VALUE,
      enabled: attributes.enabled ?? true,
      nbf: attributes.nbf ?? undefined,
      exp: attributes.exp ?? undefined,
      created,
      updated: attributes.updated ?? created,
      tags: secret.tags ?? undefined,
      contentType: secret.contentType ?? undefined,
    };
    // A recorded body (Key Vault always answers a recovery level) is served as recorded.
    if (attributes.recoveryLevel !== undefined) {
      stored.recorded = {
        attributes: { ...attributes },
        ...(secret.tags !== undefined && { tags: secret.tags }),
        ...(secret.contentType !== undefined && { contentType: secret.contentType }),
      };
    }
    this.byName.set(secret.name.toLowerCase(), { name: secret.name, versions: [stored] });
  }

  /** Every secret, ordered by name, each with its current version. */
  list(): { name: string; current: SecretVersion }[] {
    return [...this.byName.values()]
      .map((secret) => ({ name: secret.name, current: current(secret) }))
      .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  }

  find(name: string): StoredSecret | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** A version by id, or the current one when `version` is empty. */
  get(name: string, version: string | undefined): SecretVersion | undefined {
    const secret = this.find(name);
    if (!secret) return undefined;
    if (!version) return current(secret);
    return secret.versions.find((v) => v.version.toLowerCase() === version.toLowerCase());
  }

  /** Changes attributes, tags or content type of a version; absent fields stay as they are. */
  update(
    name: string,
    version: string | undefined,
    update: SecretUpdate,
  ): SecretVersion | undefined {
    const target = this.get(name, version);
    if (!target) return undefined;
    const attributes = update.attributes ?? {};
    if (attributes.enabled !== undefined) target.enabled = attributes.enabled;
    if (attributes.nbf !== undefined) target.nbf = attributes.nbf ?? undefined;
    if (attributes.exp !== undefined) target.exp = attributes.exp ?? undefined;
    if (update.tags !== undefined) target.tags = update.tags;
    if (update.contentType !== undefined) target.contentType = update.contentType;
    target.updated = this.nowSeconds();
    // Written: Key Vault now answers with the attributes it holds, no longer the recording.
    delete target.recorded;
    return { ...target };
  }

  /** Writes a new version (creating the secret when it does not exist); it becomes current. */
  set(name: string, write: SecretWrite): { name: string; version: SecretVersion } {
    const now = this.nowSeconds();
    const version: SecretVersion = {
      version: this.newVersion(),
      value: write.value,
      enabled: write.attributes?.enabled ?? true,
      nbf: write.attributes?.nbf ?? undefined,
      exp: write.attributes?.exp ?? undefined,
      created: now,
      updated: now,
      tags: write.tags,
      contentType: write.contentType,
    };
    const existing = this.find(name);
    if (existing) {
      existing.versions.push(version);
      return { name: existing.name, version: { ...version } };
    }
    this.byName.set(name.toLowerCase(), { name, versions: [version] });
    return { name, version: { ...version } };
  }
}

function current(secret: StoredSecret): SecretVersion {
  const latest = secret.versions[secret.versions.length - 1];
  if (!latest) throw new Error(`secret ${secret.name} has no versions`);
  return latest;
}
