import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { azureDevOpsPolicySchema } from '../../src/config/ticket-systems';
import { startAzureDevOpsStandIn } from '../../src/demo/ticket-standins/azure-devops';
import { SimulatorCredential } from '../../src/simulator';
import { createAzureDevOpsSystem } from '../../src/tickets/systems/azure-devops';
import { adapterSuite } from './adapter-harness';

describe('Azure DevOps Boards adapter against the Azure DevOps stand-in', () => {
  adapterSuite('azure-devops', async () => {
    const standIn = await startAzureDevOpsStandIn({
      organization: 'contoso',
      project: 'Platform',
      customFields: ['Custom.Team'],
    });
    const dir = mkdtempSync(join(tmpdir(), 'ward-ado-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, standIn.ca);
    const policy = azureDevOpsPolicySchema.parse({
      organizationUrl: `${standIn.origin}/contoso`,
      project: 'Platform',
      areaPath: 'Platform\\Security',
      iterationPath: 'Platform\\Sprint 1',
      fields: { 'Custom.Team': 'platform' },
    });
    // ward's identity: the token's audience is Azure DevOps' resource id, which the stand-in checks.
    const credential = new SimulatorCredential({
      oid: '11111111-1111-1111-1111-111111111111',
      tid: '22222222-2222-2222-2222-222222222222',
      name: 'ward',
    });
    return {
      standIn,
      system: () => Promise.resolve(createAzureDevOpsSystem({ policy, credential, caFile })),
      bodyText: (body) =>
        body
          .replace(/<[^>]+>/g, ' ')
          .replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c))),
      createRequest: /^POST \/contoso\/Platform\/_apis\/wit\/workitems\/\$/,
      close: async () => {
        await standIn.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});
