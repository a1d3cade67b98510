import {
  keyVault,
  storageAccount,
  mlWorkspace,
  mlCompute,
  logAnalyticsWorkspace,
} from '../../src/simulator/seed/bodies';
import type { Scope } from '../../src/simulator/seed/bodies';
import type { Seed } from '../../src/simulator/seed/format';

export const TENANT = '11111111-1111-4111-8111-111111111111';
export const SUB = '22222222-2222-4222-8222-222222222222';
export const RG = 'rg-it';
export const SCOPE: Scope = {
  tenantId: TENANT,
  subscriptionId: SUB,
  resourceGroup: RG,
  location: 'westeurope',
};

export const STORAGE = storageAccount(SCOPE, {
  name: 'stitlegacy01',
  minimumTlsVersion: 'TLS1_0',
  allowBlobPublicAccess: false,
  allowSharedKeyAccess: false,
  publicNetworkAccess: 'Disabled',
});

/** A small estate: one storage account whose only failing `auto` rule is TLS. */
export function smallSeed(extra: Partial<Seed> = {}): Seed {
  return {
    tenantId: TENANT,
    subscriptions: [{ subscriptionId: SUB, displayName: 'it' }],
    resources: [STORAGE, ...(extra.resources ?? [])],
    secrets: extra.secrets ?? [],
  };
}

export { keyVault, storageAccount, mlWorkspace, mlCompute, logAnalyticsWorkspace };
