import { ArmRequestError } from '../http';

/**
 * api-versions accepted per provider namespace (lower case). Current stable first; the rest are
 * the versions the installed SDK clients send and recent stable ones ward may pin:
 * - @azure/arm-machinelearning 2.1.1 sends 2022-10-01;
 * - @azure/arm-network 36.0.0 sends 2025-05-01;
 * - @azure/arm-monitor 7.0.0 sends 2017-05-01-preview for diagnostic settings;
 * - @azure/arm-resources 7.0.0 sends 2025-04-01 for resource groups and resource lists.
 */
export const PROVIDER_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  'microsoft.machinelearningservices': [
    '2025-12-01',
    '2025-09-01',
    '2024-10-01',
    '2024-04-01',
    '2023-10-01',
    '2022-10-01',
  ],
  'microsoft.keyvault': ['2025-05-01', '2024-11-01', '2023-07-01', '2022-07-01'],
  'microsoft.storage': ['2025-08-01', '2025-06-01', '2025-01-01', '2024-01-01', '2023-05-01'],
  'microsoft.cognitiveservices': ['2025-09-01', '2025-06-01', '2024-10-01', '2023-05-01'],
  'microsoft.network': [
    '2026-01-01',
    '2025-07-01',
    '2025-05-01',
    '2025-03-01',
    '2025-01-01',
    '2024-10-01',
    '2024-07-01',
    '2024-05-01',
    '2024-03-01',
    '2024-01-01',
    '2023-11-01',
    '2023-09-01',
  ],
  'microsoft.insights': ['2021-05-01-preview', '2017-05-01-preview'],
  'microsoft.operationalinsights': ['2025-07-01', '2023-09-01', '2022-10-01'],
  'microsoft.eventgrid': ['2025-02-15', '2024-06-01-preview', '2023-12-15-preview', '2022-06-15'],
  'microsoft.resources': [
    '2025-04-01',
    '2025-03-01',
    '2024-11-01',
    '2024-07-01',
    '2024-03-01',
    '2022-09-01',
    '2021-04-01',
  ],
};

const WELL_FORMED = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

/** The api-version query parameter, checked for a provider; throws ARM's 400 when it is wrong. */
export function requireApiVersion(
  url: URL,
  namespace: string,
  typeForMessage: string,
  location = 'eastus',
): string {
  const version = url.searchParams.get('api-version');
  if (!version) {
    throw new ArmRequestError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  const supported = PROVIDER_API_VERSIONS[namespace.toLowerCase()];
  if (!supported) {
    if (WELL_FORMED.test(version)) return version;
    throw new ArmRequestError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${[
        ...Object.values(PROVIDER_API_VERSIONS).flat(),
      ].join(',')}'.`,
    );
  }
  if (supported.includes(version)) return version;
  if (!WELL_FORMED.test(version)) {
    throw new ArmRequestError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${supported.join(',')}'.`,
    );
  }
  throw new ArmRequestError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${version}' for type '${typeForMessage}'. The supported api-versions are '${supported.join(', ')}'.`,
  );
}
