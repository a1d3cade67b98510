import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Seed, SeedResource, SeedSecret } from '../../src/simulator/seed/format';

/** Responses Azure really returned, from public recordings (test/fixtures/recorded/SOURCE.md). */
export const RECORDED_DIR = join(import.meta.dirname, '../fixtures/recorded');

export interface RecordedBody {
  /** Path under test/fixtures/recorded. */
  file: string;
  body: Record<string, unknown>;
  kind: 'arm' | 'secret';
}

/** Bodies of related data, served beside the watched resources but judged through them. */
const RELATED_DIRS = new Set(['public-ip-addresses']);
/**
 * Recorded answers that are not served as resources: events, Resource Graph pages and
 * diagnostic settings (recorded on other resource types, served by their own test as the
 * settings of a watched resource).
 */
const NON_RESOURCE_DIRS = new Set(['events', 'resource-graph', 'diagnostic-settings']);

/** The parsed JSON files of one non-resource folder (`events`, `resource-graph`), by name. */
export function recordedFiles(dir: string): { file: string; value: unknown }[] {
  return readdirSync(join(RECORDED_DIR, dir))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({
      file: `${dir}/${name}`,
      value: JSON.parse(readFileSync(join(RECORDED_DIR, dir, name), 'utf8')) as unknown,
    }));
}

export function recordedBodies(): RecordedBody[] {
  return readdirSync(RECORDED_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NON_RESOURCE_DIRS.has(entry.name))
    .flatMap((dir) =>
      readdirSync(join(RECORDED_DIR, dir.name))
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => {
          const file = `${dir.name}/${name}`;
          const body = JSON.parse(readFileSync(join(RECORDED_DIR, file), 'utf8')) as Record<
            string,
            unknown
          >;
          return { file, body, kind: dir.name === 'keyvault-secrets' ? 'secret' : 'arm' } as const;
        }),
    );
}

/** The watched-type bodies: what ward judges (related data rides along in the seeds). */
export function judgedBodies(): RecordedBody[] {
  return recordedBodies().filter((entry) => !RELATED_DIRS.has(entry.file.split('/')[0] ?? ''));
}

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function subscriptionOf(id: string): string {
  const sub = /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
  if (!sub) throw new Error(`${id} names no subscription`);
  return sub.toLowerCase();
}

/** `https://{vault}.vault.azure.net/secrets/{name}/{version}` → its parts. */
export function secretParts(id: string): { vault: string; name: string; version: string } {
  const match = /^https:\/\/([^.]+)\.[^/]+\/secrets\/([^/]+)\/([0-9a-f]{32})$/i.exec(id);
  if (!match?.[1] || !match[2] || !match[3]) throw new Error(`${id} is not a versioned secret id`);
  return { vault: match[1], name: match[2], version: match[3] };
}

export interface SeedRound {
  seed: Seed;
  /** The recorded ARM bodies this round serves, by resource id. */
  arm: RecordedBody[];
  /** The recorded secrets this round serves, with the vault they are placed in. */
  secrets: { entry: RecordedBody; vault: string; name: string }[];
}

/**
 * Seeds that serve every recorded body as recorded. A seed holds one body per resource id (and
 * one version per secret), so bodies recorded for the same resource at different times go to
 * successive rounds; every round carries each id's latest body so parents (a compute's
 * workspace) exist. Secrets go into a recorded vault: their own when it was recorded, else the
 * first recorded vault (the data plane builds ids from the vault it serves them at).
 */
export function seedRounds(entries: RecordedBody[] = recordedBodies()): SeedRound[] {
  const byId = new Map<string, RecordedBody[]>();
  const secretsByName = new Map<string, RecordedBody[]>();
  for (const entry of entries) {
    if (entry.kind === 'arm') {
      const key = String(entry.body.id).toLowerCase();
      byId.set(key, [...(byId.get(key) ?? []), entry]);
    } else {
      const key = secretParts(String(entry.body.id)).name.toLowerCase();
      secretsByName.set(key, [...(secretsByName.get(key) ?? []), entry]);
    }
  }
  const vaults = [...byId.values()]
    .map((list) => list[0]?.body)
    .filter((body) => String(body?.type).toLowerCase() === 'microsoft.keyvault/vaults')
    .map((body) => String(body?.name));
  const rounds = Math.max(
    ...[...byId.values(), ...secretsByName.values()].map((list) => list.length),
  );
  return Array.from({ length: rounds }, (_, round) => {
    const arm = [...byId.values()].map((list) => list[Math.min(round, list.length - 1)]);
    const served = arm.filter((entry): entry is RecordedBody => entry !== undefined);
    const secrets = [...secretsByName.values()].flatMap((list) => {
      const entry = list[round];
      if (!entry) return [];
      const parts = secretParts(String(entry.body.id));
      const own = vaults.find((name) => name.toLowerCase() === parts.vault.toLowerCase());
      const vault = own ?? vaults[0];
      if (!vault) throw new Error('the corpus holds no vault to serve secrets from');
      return [{ entry, vault, name: parts.name }];
    });
    const subscriptions = [...new Set(served.map((e) => subscriptionOf(String(e.body.id))))];
    const seed: Seed = {
      tenantId: TENANT,
      subscriptions: subscriptions.map((subscriptionId) => ({
        subscriptionId,
        displayName: `recorded ${subscriptionId}`,
      })),
      resources: served.map((e) => structuredClone(e.body) as SeedResource),
      secrets: secrets.map(({ entry, vault, name }) => {
        const { attributes, tags, contentType } = entry.body as Pick<
          SeedSecret,
          'attributes' | 'tags' | 'contentType'
        >;
        return {
          vault,
          name,
          version: secretParts(String(entry.body.id)).version,
          attributes: structuredClone(attributes),
          ...(tags !== undefined && { tags }),
          ...(contentType !== undefined && { contentType }),
        };
      }),
    };
    return { seed, arm: served.filter((e) => !isRelated(e)), secrets };
  });
}

function isRelated(entry: RecordedBody): boolean {
  return RELATED_DIRS.has(entry.file.split('/')[0] ?? '');
}
