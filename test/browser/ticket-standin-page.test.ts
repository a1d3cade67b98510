import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  azureDevOpsPolicySchema,
  githubPolicySchema,
  serviceNowPolicySchema,
} from '../../src/config/ticket-systems';
import { startAzureDevOpsStandIn } from '../../src/demo/ticket-standins/azure-devops';
import { startGitHubStandIn } from '../../src/demo/ticket-standins/github';
import { startServiceNowStandIn } from '../../src/demo/ticket-standins/servicenow';
import { jiraPolicySchema } from '../../src/config/ticket-jira';
import { startJiraStandIn } from '../../src/demo/ticket-standins/jira';
import { createJiraSystem } from '../../src/tickets/systems/jira';
import type { TicketStandIn } from '../../src/demo/ticket-standins/server';
import { SimulatorCredential } from '../../src/simulator';
import { recurrenceComment, ticketContent } from '../../src/tickets/content';
import { httpsFetch } from '../../src/tickets/https-fetch';
import type { TicketSystem } from '../../src/tickets/system';
import { createAzureDevOpsSystem } from '../../src/tickets/systems/azure-devops';
import { createGitHubSystem } from '../../src/tickets/systems/github';
import { createServiceNowSystem } from '../../src/tickets/systems/servicenow';
import { finding } from '../tickets/adapter-harness';
import { launchChromium } from '../support/browser';

const browser = await launchChromium();
afterAll(() => browser.close());

/** `WARD_TICKET_SCREENSHOTS=docs/images npx vitest run test/browser/ticket-standin-page.test.ts` */
const SHOTS = process.env.WARD_TICKET_SCREENSHOTS;

const input = {
  finding: {
    ...finding('stmlprodlegacy01'),
    resourceId:
      '/subscriptions/57b8eaba-7785-535c-bc10-0c9c27d276a1/resourceGroups/rg-ml-prod/providers/Microsoft.Storage/storageAccounts/stmlprodlegacy01',
  },
  ruleTitle: 'Storage accounts disallow shared key access',
  remedy:
    'Move the clients that sign with account keys to Entra ID, then set allowSharedKeyAccess to false.',
  changedBy: { upn: 'dana.scientist@contoso.com' },
  link: 'https://ward.contoso.com/ledger/2026-11-23T10-00-00Z_abc',
};

async function fileAndShow(standIn: TicketStandIn, system: TicketSystem, shot: string) {
  const ticket = await system.create(ticketContent(input));
  await system.comment(ticket, recurrenceComment(input, 2));
  expect(standIn.rejected()).toEqual([]);
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1000, height: 900 },
  });
  try {
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('console', (m) => scripts.push(m.text()));
    await page.goto(`${standIn.origin}/_standin/`);
    await page.getByRole('link', { name: standIn.tickets()[0]?.key ?? '' }).click();
    const text = await page.locator('body').innerText();
    for (const part of [
      'storage-shared-key-disabled',
      input.finding.resourceId,
      'medium',
      'allowSharedKeyAccess',
      'ward-exempt',
      input.link,
      'dana.scientist@contoso.com',
    ]) {
      expect(text).toContain(part);
    }
    expect(await page.locator('h2').innerText()).toBe('Comments (1)');
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, shot), fullPage: true });
    }
  } finally {
    await context.close();
  }
}

describe('a ticket as the stand-ins render it', () => {
  it('Azure DevOps shows the work item ward filed, with its description and comment', async () => {
    const standIn = await startAzureDevOpsStandIn({
      organization: 'contoso',
      project: 'ML Platform',
    });
    const dir = mkdtempSync(join(tmpdir(), 'ward-ado-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), standIn.ca);
      const policy = azureDevOpsPolicySchema.parse({
        organizationUrl: `${standIn.origin}/contoso`,
        project: 'ML Platform',
      });
      const credential = new SimulatorCredential({ oid: 'w', tid: 't', name: 'ward' });
      await fileAndShow(
        standIn,
        createAzureDevOpsSystem({ policy, credential, caFile: join(dir, 'ca.pem') }),
        'ticket-azure-devops.png',
      );
    } finally {
      await standIn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GitHub shows the issue ward filed, with its body and comment', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const standIn = await startGitHubStandIn({
      owner: 'contoso',
      repo: 'ml-platform',
      appId: 1,
      installationId: 2,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    try {
      const policy = githubPolicySchema.parse({
        apiUrl: standIn.origin,
        owner: 'contoso',
        repo: 'ml-platform',
        appId: 1,
        installationId: 2,
        privateKeySecret: 'https://kv.vault.azure.net/secrets/github-app-key',
      });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      await fileAndShow(
        standIn,
        createGitHubSystem({ policy, privateKey: pem, fetch: httpsFetch({ ca: standIn.ca }) }),
        'ticket-github.png',
      );
    } finally {
      await standIn.close();
    }
  });

  it('ServiceNow shows the incident ward filed, with its description and comment', async () => {
    const standIn = await startServiceNowStandIn({
      clientId: 'ward',
      clientSecret: 'secret-value',
    });
    try {
      const policy = serviceNowPolicySchema.parse({
        instanceUrl: standIn.origin,
        clientId: 'ward',
        clientSecretSecret: 'https://kv.vault.azure.net/secrets/servicenow-client-secret',
        assignmentGroup: 'Cloud Security',
      });
      const system = createServiceNowSystem({
        policy,
        clientSecret: 'secret-value',
        fetch: httpsFetch({ ca: standIn.ca }),
      });
      await fileAndShow(standIn, system, 'ticket-servicenow.png');
    } finally {
      await standIn.close();
    }
  });

  it('Jira shows the issue ward filed, its ADF description and comment', async () => {
    const standIn = await startJiraStandIn({
      projectKey: 'MLSEC',
      email: 'ward@contoso.com',
      apiToken: 'token-value',
    });
    try {
      const policy = jiraPolicySchema.parse({
        siteUrl: standIn.origin,
        auth: {
          type: 'api-token',
          email: 'ward@contoso.com',
          apiTokenSecret: 'https://kv.vault.azure.net/secrets/jira-api-token',
        },
        projectKey: 'MLSEC',
      });
      const system = createJiraSystem({
        policy,
        secret: 'token-value',
        fetch: httpsFetch({ ca: standIn.ca }),
      });
      await fileAndShow(standIn, system, 'ticket-jira.png');
    } finally {
      await standIn.close();
    }
  });
});
