import type { RuleId } from '../domain';

/** One value a rule reads from the resource body. */
export interface CoveredPath {
  /** Dotted path in the ARM body (`properties.allowBlobPublicAccess`). */
  path: string;
  /**
   * First api-version whose body carries the property (date part, from Microsoft's REST specs;
   * where the first version is uncertain, the oldest version known to carry it, so ward reads
   * rather than guesses). Absent: every api-version carries it.
   */
  since?: string;
  /** A boolean: Azure Resource Notifications payloads write it as 1/0. */
  boolean?: true;
  /**
   * A top-level member (identity, kind) that the documented ARN payload does not promise:
   * known only when the payload holds it.
   */
  member?: true;
}

/**
 * What each rule reads from the body, per rule id. A payload (an ARN event's or a Resource
 * Graph row's) settles a rule that does not pass only when every path here is known in it;
 * otherwise ward reads the resource. Related data (diagnostic settings, connections, a NIC's
 * public IPs) is not listed: it is never in a payload and is read beside it.
 */
export const PAYLOAD_COVERAGE: Readonly<Partial<Record<RuleId, readonly CoveredPath[]>>> = {
  'storage-min-tls-1-2': [{ path: 'properties.minimumTlsVersion', since: '2019-04-01' }],
  'storage-blob-public-access-disabled': [
    { path: 'properties.allowBlobPublicAccess', since: '2019-04-01', boolean: true },
  ],
  'storage-shared-key-disabled': [
    { path: 'properties.allowSharedKeyAccess', since: '2019-04-01', boolean: true },
  ],
  'keyvault-purge-protection-enabled': [
    { path: 'properties.enablePurgeProtection', since: '2018-02-14', boolean: true },
    { path: 'properties.enableSoftDelete', since: '2016-10-01', boolean: true },
  ],
  'keyvault-rbac-authorization': [
    { path: 'properties.enableRbacAuthorization', since: '2019-09-01', boolean: true },
  ],
  'keyvault-public-network-disabled': [
    { path: 'properties.publicNetworkAccess', since: '2021-06-01' },
    { path: 'properties.networkAcls.defaultAction', since: '2018-02-14' },
  ],
  'cognitive-public-network-disabled': [
    { path: 'properties.publicNetworkAccess', since: '2021-04-30' },
    { path: 'properties.networkAcls.defaultAction', since: '2017-04-18' },
  ],
  'cognitive-local-auth-disabled': [
    { path: 'properties.disableLocalAuth', since: '2021-04-30', boolean: true },
  ],
  'ml-workspace-public-network-disabled': [
    { path: 'properties.publicNetworkAccess', since: '2022-10-01' },
  ],
  'ml-workspace-managed-network-isolated': [
    { path: 'properties.managedNetwork.isolationMode', since: '2023-10-01' },
  ],
  'ml-workspace-cmk-encryption': [
    { path: 'kind', member: true },
    { path: 'properties.encryption.status', since: '2022-10-01' },
    { path: 'properties.encryption.keyVaultProperties.keyIdentifier', since: '2022-10-01' },
  ],
  'ml-workspace-private-endpoint': [
    { path: 'properties.privateEndpointConnections', since: '2022-10-01' },
  ],
  'ml-compute-no-public-ip': [
    { path: 'properties.computeType' },
    { path: 'properties.properties.enableNodePublicIp', since: '2022-10-01', boolean: true },
  ],
  'ml-compute-ssh-disabled': [
    { path: 'properties.computeType' },
    { path: 'properties.properties.enableNodePublicIp', since: '2022-10-01', boolean: true },
    { path: 'properties.properties.remoteLoginPortPublicAccess', since: '2022-10-01' },
    { path: 'properties.properties.sshSettings.sshPublicAccess', since: '2022-10-01' },
    { path: 'properties.properties.subnet.id', since: '2022-10-01' },
  ],
  'ml-compute-local-auth-disabled': [
    { path: 'properties.computeType' },
    { path: 'properties.disableLocalAuth', since: '2022-10-01', boolean: true },
  ],
  'ml-compute-managed-identity': [
    { path: 'properties.computeType' },
    { path: 'identity', member: true },
  ],
  'ml-compute-idle-shutdown': [
    { path: 'properties.computeType' },
    { path: 'properties.properties.idleTimeBeforeShutdown', since: '2023-04-01' },
  ],
  'ml-online-endpoint-aad-auth': [{ path: 'properties.authMode', since: '2022-10-01' }],
  'ml-online-endpoint-public-network-disabled': [
    { path: 'properties.publicNetworkAccess', since: '2022-10-01' },
  ],
  'network-nic-no-public-ip': [{ path: 'properties.ipConfigurations' }],
  'diagnostic-settings-enabled': [],
};

/** Every boolean path some rule reads, for turning a payload's 1/0 back into booleans. */
export function booleanPaths(): string[] {
  const paths = new Set<string>();
  for (const covered of Object.values(PAYLOAD_COVERAGE)) {
    for (const entry of covered) if (entry.boolean) paths.add(entry.path);
  }
  return [...paths];
}

function versionDate(apiVersion: string): string {
  return apiVersion.slice(0, 10);
}

/**
 * The paths of a rule that a payload does not settle: a property newer than the payload's
 * api-version, a property absent from a payload whose api-version is unknown (a Resource
 * Graph row), a top-level member the payload does not hold, or a rule ward has no coverage
 * for. An empty list means the payload holds everything the rule reads.
 */
export function unsettledPaths(
  ruleId: RuleId,
  body: Readonly<Record<string, unknown>>,
  apiVersion: string | undefined,
  present: (path: string) => boolean,
): string[] {
  const covered = PAYLOAD_COVERAGE[ruleId];
  if (!covered) return [`(${ruleId} has no payload coverage)`];
  return covered
    .filter((entry) => {
      if (entry.member) return !(entry.path in body) || body[entry.path] === undefined;
      if (apiVersion === undefined) return !present(entry.path);
      return entry.since !== undefined && versionDate(apiVersion) < entry.since;
    })
    .map((entry) =>
      entry.since && apiVersion && versionDate(apiVersion) < entry.since
        ? `${entry.path} (since ${entry.since}, payload at ${apiVersion})`
        : entry.path,
    );
}
