import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertCard,
  approvalRejectedCard,
  approvalRequestedCard,
  remediationAppliedCard,
  ticketOpenedCard,
} from '../../src/notify/cards';
import type { TeamsMessage } from '../../src/notify/types';
import {
  alertInputs,
  approvalRejectedInput,
  COMPUTE_ID,
  sampleFinding,
  approvalRequestedInput,
  remediationAppliedInput,
  STORAGE_ID,
  ticketOpenedInput,
} from '../notify/samples';
import { launchChromium } from '../support/browser';

const ARTIFACTS = 'test-artifacts/cards';
const APPROVAL_URL = 'https://ward.contoso.example/api/approvals/AbCdEfGhIjKlMnOpQrStUv';

const require = createRequire(import.meta.url);
const rendererJs = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js'));

/** A page that loads the adaptivecards renderer from loopback and renders a posted card. */
const HOST_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>card</title>
<script src="/adaptivecards.min.js"></script>
<style>body{font-family:sans-serif;background:#f5f5f5;margin:0;padding:16px}#card{background:#fff;max-width:560px}</style>
</head><body><div id="card"></div></body></html>`;

let server: Server;
let origin: string;
// Launched while the file loads: without a browser the file fails with that one error.
const browser = await launchChromium();

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = createServer((req, res) => {
    if (req.url === '/adaptivecards.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(rendererJs);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(HOST_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** What the card host page offers to code evaluated in it (the suite compiles without DOM types). */
interface CardHostPage {
  AdaptiveCards: typeof AdaptiveCards;
  document: { getElementById(id: string): { appendChild(node: unknown): unknown } | null };
  executed: { type: string; url?: string }[];
}

interface Rendered {
  page: Page;
  text: string;
  errors: string[];
}

async function render(message: TeamsMessage, name: string): Promise<Rendered> {
  const page = await browser.newPage({ viewport: { width: 600, height: 900 } });
  await page.goto(origin);
  const errors = await page.evaluate(
    (card) => {
      const page = globalThis as unknown as CardHostPage;
      const AC = page.AdaptiveCards;
      const adaptiveCard = new AC.AdaptiveCard();
      const context = new AC.SerializationContext();
      adaptiveCard.parse(card, context);
      const messages: string[] = [];
      for (let i = 0; i < context.eventCount; i++) messages.push(context.getEventAt(i).message);
      for (const event of adaptiveCard.validateProperties().validationEvents)
        messages.push(event.message);
      // A host (Teams) opens OpenUrl actions itself; record what a click asks for.
      const actions: { type: string; url?: string }[] = [];
      page.executed = actions;
      adaptiveCard.onExecuteAction = (action) => {
        actions.push({
          type: action.getJsonTypeName(),
          ...(action instanceof AC.OpenUrlAction ? { url: action.url } : {}),
        });
      };
      const element = adaptiveCard.render();
      const host = page.document.getElementById('card');
      if (!element || !host) return ['render returned nothing'];
      host.appendChild(element);
      return messages;
    },
    message.attachments[0].content as unknown as object,
  );
  await page.locator('#card').screenshot({ path: `${ARTIFACTS}/${name}.png` });
  const text = await page.locator('#card').innerText();
  return { page, text, errors };
}

/** How far the widest element of the rendered card reaches past the card's right edge, in px. */
async function overflowPx(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    const card = document.getElementById('card');
    const right = card.getBoundingClientRect().right;
    let widest = right;
    for (const element of card.querySelectorAll('*')) {
      widest = Math.max(widest, element.getBoundingClientRect().right);
    }
    return Math.round(widest - right);
  })()`);
}

describe('Teams cards rendered by the adaptivecards renderer in Chromium', () => {
  it('long resource ids wrap inside the card, with the resource name shown first', async () => {
    const input = approvalRequestedInput(APPROVAL_URL);
    input.finding = sampleFinding({
      resourceId: COMPUTE_ID,
      resourceType: 'Microsoft.MachineLearningServices/workspaces/computes',
    });
    const approval = await render(approvalRequestedCard(input), 'long-resource-id');
    expect(approval.errors).toEqual([]);
    expect(approval.text).toContain('ci-dana');
    expect(approval.text.replace(/\s+/g, '')).toContain(COMPUTE_ID);
    expect(await overflowPx(approval.page)).toBe(0);
    await approval.page.close();

    const alert = alertInputs().find((candidate) => candidate.kind === 'rule-error');
    if (!alert) throw new Error('no rule-error sample');
    const rendered = await render(alertCard(alert), 'long-resource-id-alert');
    expect(rendered.errors).toEqual([]);
    expect(await overflowPx(rendered.page)).toBe(0);
    await rendered.page.close();
  });

  it('approval requested: shows the finding and an "Approve or reject" OpenUrl button to the approval page', async () => {
    const { page, text, errors } = await render(
      approvalRequestedCard(approvalRequestedInput(APPROVAL_URL)),
      'approval-requested',
    );
    expect(errors).toEqual([]);
    expect(text).toContain('Approval needed');
    expect(text).toContain(STORAGE_ID);
    expect(text).toContain('properties.allowBlobPublicAccess');
    expect(text).toContain('dana@contoso.example');
    expect(text).toContain('2026-11-24 10:00 UTC');
    // The renderer presents an OpenUrl action as a link.
    const link = page.getByRole('link', { name: 'Approve or reject' });
    await expect(link.count()).resolves.toBe(1);
    await link.focus();
    await page.keyboard.press('Enter');
    const executed = await page.evaluate(() => (globalThis as unknown as CardHostPage).executed);
    expect(executed).toEqual([{ type: 'Action.OpenUrl', url: APPROVAL_URL }]);
    await page.close();
  });

  it('remediation applied: before → after, who, and how to undo', async () => {
    const { page, text, errors } = await render(
      remediationAppliedCard(remediationAppliedInput()),
      'remediation-applied',
    );
    expect(errors).toEqual([]);
    expect(text).toContain('ward fixed an insecure setting');
    expect(text).toMatch(/−\s*TLS1_0/);
    expect(text).toMatch(/\+\s*TLS1_2/);
    expect(text).toContain('ward undo ledger-0001');
    await page.close();
  });

  it('approval rejected: who, why, the exemption and the change not made', async () => {
    const { page, text, errors } = await render(
      approvalRejectedCard(approvalRejectedInput()),
      'approval-rejected',
    );
    expect(errors).toEqual([]);
    expect(text).toContain('Approval rejected: ward changed nothing');
    expect(text).toContain('Ana Approver');
    expect(text).toContain('The vendor scanner reads this container');
    expect(text).toContain('until 2026-12-23T11:00:00.000Z');
    expect(text).toMatch(/−\s*true/);
    await page.close();
  });

  it('ticket opened: the ticket and what to do', async () => {
    const { page, text, errors } = await render(
      ticketOpenedCard(ticketOpenedInput()),
      'ticket-opened',
    );
    expect(errors).toEqual([]);
    expect(text).toContain('Ticket WARD-42 opened');
    expect(text).toContain('Move clients to Entra ID');
    await expect(page.getByRole('link', { name: 'Open the ticket' }).count()).resolves.toBe(1);
    await page.close();
  });

  it('secret-expiry alert: vault, secret, expiry, days left, rotation and the ticket link', async () => {
    const input = alertInputs().find((candidate) => candidate.kind === 'secret-expiry');
    if (!input) throw new Error('no secret-expiry sample');
    const { page, text, errors } = await render(alertCard(input), 'alert-secret-expiry-details');
    expect(errors).toEqual([]);
    expect(text).toContain('Secret expires soon: rotate it');
    expect(text).not.toContain('Remediation failed');
    for (const shown of ['kv-ml-prod', 'training-db-password', '2026-12-05T00:00:00.000Z'])
      expect(text).toContain(shown);
    expect(text).toContain('11 days left');
    expect(text).toContain('Rotate the secret');
    await expect(page.getByRole('link', { name: 'Open the ticket' }).count()).resolves.toBe(1);
    await page.close();
  });

  it('rule-error alert: what could not be judged, why, and that nothing changed', async () => {
    const input = alertInputs().find((candidate) => candidate.kind === 'rule-error');
    if (!input) throw new Error('no rule-error sample');
    const { page, text, errors } = await render(alertCard(input), 'alert-rule-error-details');
    expect(errors).toEqual([]);
    expect(text).toContain('A rule could not judge a resource: nothing was changed');
    expect(text).toContain('ml-compute-no-public-ip');
    expect(text).toContain('is not a boolean');
    await page.close();
  });

  for (const input of alertInputs()) {
    it(`alert ${input.kind} renders its summary and details`, async () => {
      const { page, text, errors } = await render(alertCard(input), `alert-${input.kind}`);
      expect(errors).toEqual([]);
      expect(text).toContain(input.summary);
      for (const line of input.details ?? []) expect(text).toContain(line);
      await page.close();
    });
  }
});
