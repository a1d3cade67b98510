import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyPath } from '../../src/cli/demo/package-root';
import { runDemo, type DemoRun } from '../../src/cli/demo/run-demo';
import { DEMO_COMPUTE } from '../../src/cli/demo/scenario';
import { loadPolicyFile } from '../../src/config/load-policy';
import { launchChromium } from '../support/browser';

let run: DemoRun;
// Launched while the file loads: without a browser the file fails with that one error.
const browser = await launchChromium();

beforeAll(async () => {
  run = await runDemo({
    policy: loadPolicyFile(demoPolicyPath()),
    now: () => new Date(),
    env: {},
    progress: () => undefined,
    log: { write: () => undefined },
  });
  expect(run.summary.errors).toBe(0);
}, 90_000);

afterAll(async () => {
  await browser.close();
  await run.stop();
});

describe('the demo in a browser', () => {
  it('shows every card ward posted in the Teams stand-in, and an approval walks from card to change', async () => {
    const posted = run.handles.teams.messages().length;
    expect(posted).toBe(run.summary.teamsMessages);
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(run.urls.teams);
    await page.waitForSelector(`body[data-rendered="${posted}"]`);
    expect(await page.locator('section.message').count()).toBe(posted);
    expect(await page.locator('section.message .ac-adaptiveCard').count()).toBeGreaterThanOrEqual(
      posted,
    );
    expect(await page.locator('.error').count()).toBe(0);

    // The approval card for the data scientist's compute instance: its button opens ward's page.
    const card = page.locator('section.message', { hasText: DEMO_COMPUTE }).filter({
      // The renderer gives Action.OpenUrl buttons the link role.
      has: page.getByRole('link', { name: 'Approve or reject' }),
    });
    await card.first().getByRole('link', { name: 'Approve or reject' }).click();

    // Not signed in yet: the development sign-in page comes first.
    await page.waitForURL(/\/\.auth\/login\?next=/);
    await page.getByLabel(/Olivia Ops/).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/api\/approvals\//);
    expect(await page.locator('main').innerText()).toContain(DEMO_COMPUTE);

    await page.getByRole('button', { name: 'Approve and apply the change' }).click();
    await page.waitForLoadState();
    const outcome = await page.locator('main').innerText();
    expect(outcome).toContain('Approved and applied');
    expect(outcome).toMatch(/Undo with: npx ward undo \w+ --simulator/);

    const stop = run.activities.find(
      (a) =>
        a.type === 'action' &&
        a.actionId === 'ml-compute-stop-or-scale-to-zero' &&
        a.resourceId.endsWith(`/computes/${DEMO_COMPUTE}`),
    );
    expect(stop).toMatchObject({ outcome: 'succeeded' });
    // The outcome was posted back to the channel.
    expect(run.handles.teams.messages().length).toBeGreaterThan(posted);
    // Fix cards tell how to undo on the demo: through the running simulator.
    const cards = JSON.stringify(run.handles.teams.messages());
    expect(cards).toMatch(/"npx ward undo \w+ --simulator"/);
    expect(cards).not.toMatch(/"ward undo \w+"/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('serves the approvals queue behind the same sign-in, listing every approval still pending', async () => {
    const statuses = await Promise.all(
      run.summary.approvalUrls.map(async (url) => {
        const id = decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? '');
        return (await run.handles.ward.approvals.get(id))?.status;
      }),
    );
    const pending = statuses.filter((status) => status === 'pending').length;
    expect(pending).toBeGreaterThan(0);

    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(run.urls.approvalsQueue);
    await page.waitForURL(/\/\.auth\/login\?next=/);
    await page.getByLabel(/Olivia Ops/).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(run.urls.approvalsQueue);
    expect(await page.locator('#pending').innerText()).toBe(`Pending approvals (${pending})`);
    expect(await page.locator('#pending-table tbody tr').count()).toBe(pending);
    await page.close();
  });
});
