import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsStandIn, type TeamsStandIn } from '../../src/demo/teams-standin';
import { approvalRequestedCard, remediationAppliedCard } from '../../src/notify/cards';
import { approvalRequestedInput, remediationAppliedInput } from '../notify/samples';
import { launchChromium } from '../support/browser';

let standIn: TeamsStandIn;
// Launched while the file loads: without a browser the file fails with that one error.
const browser = await launchChromium();

beforeAll(async () => {
  standIn = await startTeamsStandIn({ now: () => new Date('2026-11-23T10:00:00.000Z') });
});

afterAll(async () => {
  await browser.close();
  await standIn.close();
});

async function post(body: string, url = standIn.webhookUrl): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

describe('Teams stand-in', () => {
  it('listens on loopback and takes posts only at the tokened webhook path', async () => {
    expect(standIn.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(standIn.webhookUrl).toMatch(/\/workflows\/[0-9a-f]{32}\/triggers\/manual\/invoke$/);
    const wrongPath = await post(
      JSON.stringify(remediationAppliedCard(remediationAppliedInput())),
      `${standIn.origin}/workflows/guess/triggers/manual/invoke`,
    );
    expect(wrongPath.status).toBe(404);
    expect(standIn.messages()).toHaveLength(0);
  });

  it('rejects bodies that are not a Teams message with a reason', async () => {
    const notJson = await post('{nope');
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).toContain('not JSON');
    const noCard = await post(JSON.stringify({ type: 'message', attachments: [] }));
    expect(noCard.status).toBe(400);
    expect(await noCard.text()).toContain('attachments');
    const tooBig = await post(JSON.stringify({ type: 'message', pad: 'x'.repeat(70_000) }));
    expect(tooBig.status).toBe(413);
    expect(standIn.messages()).toHaveLength(0);
  });

  it('keeps what the notifier posts and renders every card with the adaptivecards renderer', async () => {
    const applied = remediationAppliedCard(remediationAppliedInput());
    const approval = approvalRequestedCard(approvalRequestedInput());
    expect((await post(JSON.stringify(applied))).status).toBe(202);
    expect((await post(JSON.stringify(approval))).status).toBe(202);

    const listed = standIn.messages();
    expect(listed.map((m) => m.seq)).toEqual([1, 2]);
    expect(listed[1]?.cards[0]).toEqual(approval.attachments[0].content);

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(standIn.origin);
    await page.waitForSelector('body[data-rendered="2"]');
    expect(await page.locator('section.message').count()).toBe(2);
    // The renderer builds its own DOM: an .ac-adaptiveCard root per card, with its text blocks.
    expect(await page.locator('.ac-adaptiveCard').count()).toBe(2);
    const text = await page.locator('#messages').innerText();
    expect(text).toContain('TLS');
    const openUrl = await page.locator('.ac-pushButton').allInnerTexts();
    expect(openUrl.length).toBeGreaterThan(0);
    expect(await page.locator('.error').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
