import { z } from 'zod';

/**
 * Whether ward may write vaults' own properties (purge protection, public network access).
 * Both fixes need `Microsoft.KeyVault/vaults/write`, which also lets the holder add itself an
 * access policy on a vault that uses access policies: an indirect route to secret values. Off,
 * those findings go to a ticket and the role is derived without that permission.
 */
export const vaultWritesSchema = z
  .strictObject({ enabled: z.boolean().default(true) })
  .prefault({});

export type VaultWritesSettings = z.infer<typeof vaultWritesSchema>;
