import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'network-nic-no-public-ip',
  title: 'Network interfaces have no public IP',
  severity: 'high',
  resourceTypes: ['Microsoft.Network/networkInterfaces'],
  rationale:
    'A public IP on a network interface (any properties.ipConfigurations[].properties.' +
    'publicIPAddress.id) puts the machine behind it, often a compute node with data access, ' +
    'directly on the internet. Inbound access belongs behind Bastion, a load balancer or a ' +
    'private endpoint. Dissociating drops live connections, so the fix needs approval.',
  defaultMode: 'approve',
  remedy: {
    actionId: 'network-nic-dissociate-public-ip',
    summary:
      'Remove the publicIPAddress reference from each ip configuration (the IP resource is kept).',
  },
  references: {
    azurePolicy: [
      {
        id: '83a86a26-fd1f-447c-b59d-e51f44264114',
        displayName: 'Network interfaces should not have public IPs',
      },
    ],
    prowler: [],
    docs: ['https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses'],
  },
};
