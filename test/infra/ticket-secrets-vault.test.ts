import { describe, expect, it } from 'vitest';
import type { ArmTemplate } from '../../scripts/infra/templates';
import { deployTemplate, evaluateInTemplate, type ArmScope } from './arm-evaluate';
import { at, committedTemplate, onlyResource } from './templates';

const main = committedTemplate('main');
const deployment = onlyResource(
  main,
  'Microsoft.Resources/deployments',
  'ward-ticket-secrets-reader',
);
const inner = at(deployment, 'properties.template') as ArmTemplate;
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

const WARD_SCOPE: ArmScope = {
  tenantId: '99999999-9999-9999-9999-999999999999',
  subscriptionId: '44444444-4444-4444-4444-444444444444',
  resourceGroup: { name: 'rg-ward', location: 'swedencentral' },
};
const TICKET_VAULT =
  '/subscriptions/55555555-5555-5555-5555-555555555555/resourceGroups/rg-ops-secrets/providers/Microsoft.KeyVault/vaults/kv-ops-tickets';

const evaluate = (expression: unknown, vault: string) =>
  evaluateInTemplate(main, String(expression), WARD_SCOPE, {
    ticketSecretsVaultResourceId: vault,
  });

describe("Key Vault Secrets User on the ticket systems' vault (optional)", () => {
  it('is off unless the deployment names the vault', () => {
    expect(at(main, 'parameters.ticketSecretsVaultResourceId.defaultValue')).toBe('');
    expect(evaluate(at(deployment, 'condition'), '')).toBe(false);
    expect(evaluate(at(deployment, 'condition'), TICKET_VAULT)).toBe(true);
    // With no vault the target falls back to ward's own group: nothing indexes an empty id.
    expect(evaluate(at(deployment, 'resourceGroup'), '')).toBe('rg-ward');
  });

  it("deploys into the vault's own subscription and resource group", () => {
    expect(evaluate(at(deployment, 'subscriptionId'), TICKET_VAULT)).toBe(
      '55555555-5555-5555-5555-555555555555',
    );
    expect(evaluate(at(deployment, 'resourceGroup'), TICKET_VAULT)).toBe('rg-ops-secrets');
    expect(evaluate(at(deployment, 'properties.parameters.vaultName.value'), TICKET_VAULT)).toBe(
      'kv-ops-tickets',
    );
    expect(
      evaluate(at(deployment, 'properties.parameters.roleDefinitionId.value'), TICKET_VAULT),
    ).toBe(SECRETS_USER);
    expect(at(deployment, 'properties.parameters.principalId.value')).toBe(
      "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('identityName')), '2023-01-31').principalId]",
    );
    // Inner scope: the nested template sees only the parameters passed to it.
    expect(at(deployment, 'properties.expressionEvaluationOptions.scope')).toBe('Inner');
  });

  it("assigns Key Vault Secrets User on that vault, and only that role, to ward's identity", () => {
    const identity =
      '/subscriptions/44444444-4444-4444-4444-444444444444/resourceGroups/rg-ward/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ward';
    const deployed = deployTemplate(
      inner,
      {
        tenantId: WARD_SCOPE.tenantId,
        subscriptionId: '55555555-5555-5555-5555-555555555555',
        resourceGroup: { name: 'rg-ops-secrets', location: 'westeurope' },
      },
      {
        vaultName: 'kv-ops-tickets',
        identityResourceId: identity,
        principalId: '33333333-3333-3333-3333-333333333333',
        roleDefinitionId: SECRETS_USER,
      },
    );
    expect(deployed).toHaveLength(1);
    expect(deployed[0]).toMatchObject({
      type: 'Microsoft.Authorization/roleAssignments',
      subscriptionId: '55555555-5555-5555-5555-555555555555',
      resourceGroup: 'rg-ops-secrets',
      scope: 'Microsoft.KeyVault/vaults/kv-ops-tickets',
      properties: {
        roleDefinitionId: `/subscriptions/55555555-5555-5555-5555-555555555555/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_USER}`,
        principalId: '33333333-3333-3333-3333-333333333333',
        principalType: 'ServicePrincipal',
      },
    });
  });
});
