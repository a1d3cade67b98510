import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/env';
import { loadPolicyFromEnv } from '../../src/config/load-policy';
import { evaluateInTemplate, type ArmValue } from './arm-evaluate';
import { at, committedTemplate, onlyResource, repoText, resourcesOfType } from './templates';

const main = committedTemplate('main');
const site = onlyResource(main, 'Microsoft.Web/sites');
const appSettings = at(
  onlyResource(main, 'Microsoft.Web/sites/config', 'appsettings'),
  'properties',
);
const auth = onlyResource(main, 'Microsoft.Web/sites/config', 'authsettingsV2');

function settings(): Record<string, string> {
  if (typeof appSettings !== 'object' || appSettings === null) throw new Error('no app settings');
  return Object.fromEntries(
    Object.entries(appSettings).map(([k, v]) => {
      if (typeof v !== 'string') throw new Error(`${k} is not a string`);
      return [k, v];
    }),
  );
}

const isExpression = (value: string): boolean => value.startsWith('[') && value.endsWith(']');

/** Settings the Functions host reads (identity-based storage, telemetry). */
const HOST_SETTINGS = [
  'AzureWebJobsStorage__accountName',
  'AzureWebJobsStorage__credential',
  'AzureWebJobsStorage__clientId',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
];
/** Read by functions/sweep.ts before the app's settings are parsed. */
const TRIGGER_SETTINGS = ['WARD_SWEEP_SCHEDULE'];

describe('the Function App', () => {
  it('accepts HTTPS only, with TLS 1.2 at least, and no FTP or basic publishing credentials', () => {
    expect(at(site, 'properties.httpsOnly')).toBe(true);
    expect(at(site, 'properties.siteConfig.minTlsVersion')).toBe('1.2');
    expect(at(site, 'properties.siteConfig.scmMinTlsVersion')).toBe('1.2');
    expect(at(site, 'properties.siteConfig.ftpsState')).toBe('Disabled');
    for (const name of ['ftp', 'scm']) {
      const policy = onlyResource(
        main,
        'Microsoft.Web/sites/basicPublishingCredentialsPolicies',
        name,
      );
      expect(at(policy, 'properties.allow')).toBe(false);
    }
  });

  it('runs Node 22 on Flex Consumption, as ward identity', () => {
    expect(at(site, 'kind')).toBe('functionapp,linux');
    expect(at(site, 'properties.functionAppConfig.runtime.name')).toBe('node');
    expect(at(site, 'properties.functionAppConfig.runtime.version')).toBe(
      "[parameters('nodeVersion')]",
    );
    // Node.js 20 reached end of life on 2026-04-30: Azure runs 22, and only 22.
    expect(at(main, 'parameters.nodeVersion.defaultValue')).toBe('22');
    expect(at(main, 'parameters.nodeVersion.allowedValues')).toEqual(['22']);
    const plan = onlyResource(main, 'Microsoft.Web/serverfarms');
    expect(at(plan, 'sku')).toEqual({ name: 'FC1', tier: 'FlexConsumption' });
    expect(at(site, 'identity.type')).toBe('UserAssigned');
    expect(at(site, 'properties.functionAppConfig.deployment.storage.authentication.type')).toBe(
      'UserAssignedIdentity',
    );
    expect(at(site, 'properties.keyVaultReferenceIdentity')).toBe(
      "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('identityName'))]",
    );
  });

  it('requires Entra ID sign-in for everything but the Event Grid webhook', () => {
    expect(at(auth, 'properties.platform.enabled')).toBe(true);
    expect(at(auth, 'properties.globalValidation.requireAuthentication')).toBe(true);
    expect(at(auth, 'properties.globalValidation.unauthenticatedClientAction')).toBe(
      'RedirectToLoginPage',
    );
    // Event Grid authenticates to the extension endpoint with the system key, not a user.
    expect(at(auth, 'properties.globalValidation.excludedPaths')).toEqual([
      '/runtime/webhooks/eventgrid',
    ]);
    expect(at(auth, 'properties.httpSettings.requireHttps')).toBe(true);
    expect(at(auth, 'properties.identityProviders.azureActiveDirectory.enabled')).toBe(true);
    expect(
      at(auth, 'properties.identityProviders.azureActiveDirectory.registration.clientId'),
    ).toBe("[parameters('approverAppClientId')]");
  });

  it('lets ward verify the signed token itself: tenant and audience in settings, token forwarded', () => {
    // ward checks the id token against the tenant's keys, so it needs the tenant and the
    // registration, and App Service must forward the token (token store on).
    expect(settings().WARD_APPROVAL_TENANT_ID).toBe('[subscription().tenantId]');
    expect(settings().WARD_APPROVAL_CLIENT_ID).toBe("[parameters('approverAppClientId')]");
    expect(at(auth, 'properties.login.tokenStore.enabled')).toBe(true);
  });

  it('sets only app settings that ward or the host reads', () => {
    const known = new Set([...Object.keys(envSchema.shape), ...HOST_SETTINGS, ...TRIGGER_SETTINGS]);
    for (const key of Object.keys(settings())) expect(known.has(key), key).toBe(true);
    for (const key of ['WARD_STORAGE_TABLE_URL', 'AZURE_CLIENT_ID', 'WARD_PRINCIPAL_ID']) {
      expect(settings()).toHaveProperty([key]);
    }
    // Identity-based host storage: a connection string (with its key) must not come back.
    expect(settings()).not.toHaveProperty(['AzureWebJobsStorage']);
    expect(settings()).not.toHaveProperty(['WARD_STORAGE_CONNECTION_STRING']);
    expect(settings().AzureWebJobsStorage__credential).toBe('managedidentity');
  });

  it('reads the Teams webhook and the CSRF key from Key Vault through references', () => {
    expect(settings().WARD_TEAMS_WEBHOOK_URL).toMatch(
      /^\[format\('@Microsoft\.KeyVault\(SecretUri=\{0\}secrets\/\{1\}\/\)', reference\(resourceId\('Microsoft\.KeyVault\/vaults', variables\('keyVaultName'\)\), '[\d-]+'\)\.vaultUri, parameters\('teamsWebhookSecretName'\)\)\]$/,
    );
    expect(settings().WARD_APPROVAL_CSRF_KEY).toMatch(
      /^\[format\('@Microsoft\.KeyVault\(SecretUri=\{0\}secrets\/\{1\}\/\)', reference\(resourceId\('Microsoft\.KeyVault\/vaults', variables\('keyVaultName'\)\), '[\d-]+'\)\.vaultUri, parameters\('approvalCsrfKeySecretName'\)\)\]$/,
    );
    // The template never sets the secrets: an ops engineer stores them.
    expect(resourcesOfType(main, 'Microsoft.KeyVault/vaults/secrets')).toEqual([]);
  });

  it('holds no secret literal in any app setting', () => {
    const secretShapes = [
      /AccountKey=/i,
      /SharedAccessSignature|[?&]sig=/i,
      /InstrumentationKey=[0-9a-f-]{36}/i,
      /https:\/\/[^\s'"]*(webhook|logic\.azure|powerautomate|workflows)/i,
      /eyJ[A-Za-z0-9_-]{10,}/,
    ];
    for (const [key, value] of Object.entries(settings())) {
      for (const shape of secretShapes) expect(shape.test(value), `${key}: ${shape}`).toBe(false);
      // Literal values are limited to switches; anything else comes from an expression.
      if (!isExpression(value)) expect(['managedidentity'], key).toContain(value);
    }
  });
});

describe("ward's storage, vault and identity", () => {
  it('stores state without keys, anonymous access or old TLS', () => {
    const storage = onlyResource(main, 'Microsoft.Storage/storageAccounts');
    expect(at(storage, 'properties.minimumTlsVersion')).toBe('TLS1_2');
    expect(at(storage, 'properties.allowBlobPublicAccess')).toBe(false);
    expect(at(storage, 'properties.allowSharedKeyAccess')).toBe(false);
    expect(at(storage, 'properties.supportsHttpsTrafficOnly')).toBe(true);
  });

  it('keeps its secrets in an RBAC vault with purge protection', () => {
    const vault = onlyResource(main, 'Microsoft.KeyVault/vaults');
    expect(at(vault, 'properties.enableRbacAuthorization')).toBe(true);
    expect(at(vault, 'properties.enablePurgeProtection')).toBe(true);
  });

  it('grants its identity the data roles it uses and nothing broader', () => {
    const granted = resourcesOfType(main, 'Microsoft.Authorization/roleAssignments').map((r) => {
      const id = String(at(r, 'properties.roleDefinitionId'));
      const role = /variables\('roles'\)\.(\w+)/.exec(id)?.[1];
      expect(String(at(r, 'properties.principalId'))).toContain('userAssignedIdentities');
      return role;
    });
    expect(granted.sort()).toEqual(
      [
        'keyVaultSecretsUser',
        'monitoringMetricsPublisher',
        'storageBlobDataOwner',
        'storageQueueDataContributor',
        'storageTableDataContributor',
      ].sort(),
    );
    // Built-in role ids (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
    expect(at(main, 'variables.roles')).toEqual({
      storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
      storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
      storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
      keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
      monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
    });
  });

  it("sends the vault's audit logs to Log Analytics", () => {
    const scopes = resourcesOfType(main, 'Microsoft.Insights/diagnosticSettings').map((d) =>
      String(at(d, 'scope')),
    );
    expect(scopes.some((s) => s.includes('Microsoft.KeyVault/vaults'))).toBe(true);
    expect(scopes.some((s) => s.includes('blobServices/default'))).toBe(true);
  });
});

describe('the first rollout is a dry run', () => {
  const scope = {
    tenantId: '99999999-9999-9999-9999-999999999999',
    subscriptionId: '44444444-4444-4444-4444-444444444444',
    resourceGroup: { name: 'rg-ward', location: 'swedencentral' },
  };
  const required = {
    approverAppClientId: '00000000-0000-0000-0000-000000000000',
    watchedSubscriptionIds: ['11111111-1111-1111-1111-111111111111'],
  };
  /** The policy ward loads from the WARD_POLICY_JSON this deployment writes. */
  function deployedPolicy(parameters: Record<string, ArmValue>) {
    const setting = evaluateInTemplate(main, settings().WARD_POLICY_JSON ?? '', scope, {
      ...required,
      ...parameters,
    });
    if (typeof setting !== 'string') throw new Error('WARD_POLICY_JSON is not a string');
    return loadPolicyFromEnv({ WARD_POLICY_JSON: setting, WARD_POLICY_FILE: undefined });
  }

  it('deploys with dryRun on unless the deployer turns it off', () => {
    expect(at(main, 'parameters.dryRun')).toMatchObject({ type: 'bool', defaultValue: true });
    expect(deployedPolicy({}).dryRun).toBe(true);
    expect(deployedPolicy({ dryRun: false }).dryRun).toBe(false);
  });

  it("the dryRun parameter decides over the policy's own, and the rest of the policy stays", () => {
    const policyJson = JSON.stringify({
      dryRun: false,
      rules: { 'storage-min-tls-1-2': { mode: 'auto' } },
    });
    const policy = deployedPolicy({ policyJson });
    expect(policy.dryRun).toBe(true);
    expect(policy.rules['storage-min-tls-1-2']).toEqual({ mode: 'auto' });
    expect(deployedPolicy({ policyJson, dryRun: false }).dryRun).toBe(false);
  });

  it('the example parameter file deploys a policy ward accepts, in dry run', () => {
    const example = JSON.parse(repoText('infra/main.parameters.example.json')) as {
      parameters: Record<string, { value: ArmValue }>;
    };
    const values = Object.fromEntries(
      Object.entries(example.parameters).map(([k, { value }]) => [k, value]),
    );
    expect(deployedPolicy(values).dryRun).toBe(true);
  });
});
