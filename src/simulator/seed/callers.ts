import { z } from 'zod';

const SUBNET_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;

/**
 * Where a principal's requests come from, for the network rules of the services it calls
 * (Key Vault's firewall): a public source address, a subnet (an app with VNet integration), or
 * both (a subnet whose traffic leaves through that address). All requests reach the simulator
 * over loopback, so the seed says what Azure would see. A principal without an entry is not
 * network-checked, as if it called from inside every vault's network.
 */
export const seedCallerSchema = z
  .strictObject({
    /** The caller's object id (`oid`) or application id (`appid`), as its token names it. */
    principalId: z.string().min(1),
    /** The public IPv4 address the service sees. */
    sourceIp: z.ipv4().optional(),
    /** The subnet the caller's traffic enters the virtual network from. */
    subnetId: z.string().regex(SUBNET_ID, 'must be a subnet resource id').optional(),
  })
  .refine((caller) => caller.sourceIp !== undefined || caller.subnetId !== undefined, {
    message: 'a caller needs a sourceIp, a subnetId or both',
  });

export type SeedCaller = z.infer<typeof seedCallerSchema>;
