import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { createCredential } from '../../src/azure/credential';

describe('createCredential', () => {
  it('uses the app managed identity in Azure (App Service sets WEBSITE_SITE_NAME)', async () => {
    const credential = await createCredential({
      WEBSITE_SITE_NAME: 'func-ward-prod',
      AZURE_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
    });
    expect(credential).toBeInstanceOf(ManagedIdentityCredential);
  });

  it('uses DefaultAzureCredential elsewhere', async () => {
    expect(await createCredential({})).toBeInstanceOf(DefaultAzureCredential);
    expect(
      await createCredential({ AZURE_CLIENT_ID: '11111111-2222-4333-8444-555555555555' }),
    ).toBeInstanceOf(DefaultAzureCredential);
  });
});
