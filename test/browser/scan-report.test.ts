import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanHtml } from '../../src/cli/scan/format-html';
import { scanText } from '../../src/cli/scan/format-text';
import type { ScanReport } from '../../src/cli/scan/run-scan';
import { createRegistry } from '../../src/rules/registry';
import { launchChromium } from '../support/browser';
import { hostileStrings, scanBundledEstate, withHostileFinding } from '../support/scan-report';

const ARTIFACTS = resolve('test-artifacts/scan-report');
const NOW = new Date('2026-11-23T10:00:00.000Z');
const WIDTHS = [1280, 800] as const;

// Launched while the file loads: without a browser the file fails with that one error.
const browser = await launchChromium();
/** Counts any request that reaches it: hostile markup in the report points here. */
let canary: Server;
let canaryUrl: string;
const canaryHits: string[] = [];
let report: ScanReport;
let reportUrl: string;
let hostileUrl: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  canary = createServer((req, res) => {
    canaryHits.push(req.url ?? '');
    res.writeHead(204).end();
  });
  await new Promise<void>((done) => canary.listen(0, '127.0.0.1', done));
  canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
  const rules = createRegistry().rules;
  report = await scanBundledEstate({ now: NOW });
  const hostile = withHostileFinding(
    await scanBundledEstate({ now: NOW, hostileCanary: canaryUrl }),
    canaryUrl,
  );
  writeFileSync(`${ARTIFACTS}/report.html`, scanHtml(report, rules));
  writeFileSync(`${ARTIFACTS}/hostile.html`, scanHtml(hostile, rules));
  reportUrl = pathToFileURL(`${ARTIFACTS}/report.html`).href;
  hostileUrl = pathToFileURL(`${ARTIFACTS}/hostile.html`).href;
});

afterAll(async () => {
  await browser.close();
  canary.closeAllConnections();
  await new Promise((done) => canary.close(done));
});

interface Opened {
  page: Page;
  /** Every request the page made, the document's own included. */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  close: () => Promise<void>;
}

async function open(url: string, width: number): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, requests, errors, close: () => context.close() };
}

/** The findings table's visible rows as the terminal table's columns read them. */
function visibleRows(page: Page): Promise<string[][]> {
  return page.evaluate(`
    Array.from(document.querySelectorAll('#findings tbody tr'))
      .filter((row) => !row.hidden)
      .map((row) => [0, 1, 2, 4].map((i) => row.cells[i].innerText.replace(/\\s+/g, ' ').trim()))
  `);
}

/**
 * Every word in the findings table (a `/`-separated part of an id counts as a word) must lie on
 * one line and fit its cell: no column is narrower than its longest word. Returns what breaks.
 */
const WORD_CHECK = `
(() => {
  const problems = [];
  const cells = document.querySelectorAll('#findings th, #findings td');
  for (const cell of cells) {
    if (cell.closest('tr').hidden) continue;
    const style = getComputedStyle(cell);
    const box = cell.getBoundingClientRect();
    const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft) - 1;
    const right = box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight) + 1;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.checkVisibility()) continue;
      const text = node.textContent;
      for (const match of text.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        if (rects.length === 0) continue;
        const lines = new Set(rects.map((r) => Math.round(r.top)));
        if (lines.size > 1) problems.push('broken: ' + match[0]);
        const wordLeft = Math.min(...rects.map((r) => r.left));
        const wordRight = Math.max(...rects.map((r) => r.right));
        if (wordLeft < left || wordRight > right) problems.push('overflows its column: ' + match[0]);
      }
    }
  }
  return problems;
})()
`;

/** A picture of the findings section's first `height` pixels, wherever the page is scrolled. */
async function shootFindings(page: Page, name: string, height = 900): Promise<void> {
  const top: number = await page.evaluate(
    `document.getElementById('findings-section').getBoundingClientRect().top + scrollY`,
  );
  const width = page.viewportSize()?.width ?? 1280;
  await page.screenshot({
    path: `${ARTIFACTS}/${name}.png`,
    fullPage: true,
    clip: { x: 0, y: Math.max(0, top - 8), width, height },
  });
}

async function focusedName(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el) return '';
    return el.tagName + ':' + (el.id || el.textContent.trim().slice(0, 40));
  })()`);
}

/** Presses Tab until the focused element's name matches, or fails after `limit` presses. */
async function tabTo(page: Page, pattern: RegExp, limit = 20): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const name = await focusedName(page);
    if (pattern.test(name)) return;
    seen.push(name);
  }
  throw new Error(`Tab never reached ${pattern}; it went through ${seen.join(', ')}`);
}

function cliRows(scanned: ScanReport): string[][] {
  const [, ...lines] = scanText(scanned, { color: false }).split('\n\n')[0]?.split('\n') ?? [];
  return lines.filter((line) => line.trim()).map((line) => line.split(/ {2,}/));
}

describe('the scan report in Chromium', () => {
  for (const width of WIDTHS) {
    it(`at ${width} px: the terminal table's rows and words, no word broken or squeezed, nothing fetched`, async () => {
      const { page, requests, errors, close } = await open(reportUrl, width);
      await page.screenshot({ path: `${ARTIFACTS}/report-${width}.png` });
      await page.screenshot({ path: `${ARTIFACTS}/report-${width}-full.png`, fullPage: true });
      await shootFindings(page, `findings-${width}`);
      expect(await visibleRows(page)).toEqual(cliRows(report));
      await expect(page.locator('#shown').innerText()).resolves.toMatch(
        /^Showing all \d+ findings, sorted by Severity \(most severe first\)\.$/,
      );
      expect(await page.evaluate(WORD_CHECK)).toEqual([]);
      // With every finding's evidence and remedy open, still no word breaks or overflows.
      await page.evaluate(
        `document.querySelectorAll('details').forEach((d) => { d.open = true; })`,
      );
      expect(await page.evaluate(WORD_CHECK)).toEqual([]);
      // The table fits the window: nothing to scroll sideways.
      expect(
        await page.evaluate(`(() => {
          const wrap = document.querySelector('.table-wrap');
          return wrap.scrollWidth - wrap.clientWidth;
        })()`),
      ).toBeLessThanOrEqual(0);
      expect(requests).toEqual([reportUrl]);
      expect(errors).toEqual([]);
      await close();
    });
  }

  it('with the keyboard only: filter, choose a severity, sort, expand and collapse', async () => {
    const { page, errors, close } = await open(reportUrl, 1280);
    const all = await visibleRows(page);

    await tabTo(page, /^INPUT:filter-text$/);
    await page.keyboard.type('secret');
    const secrets = await visibleRows(page);
    expect(secrets.length).toBeGreaterThan(0);
    expect(secrets.length).toBeLessThan(all.length);
    // A row shows exactly when its text holds the word.
    expect(
      await page.evaluate(`Array.from(document.querySelectorAll('#findings tbody tr'))
        .filter((row) => row.hidden === row.innerText.toLowerCase().includes('secret')).length`),
    ).toBe(0);
    // Same relative order as the full table.
    expect(all.filter((r) => secrets.some((s) => s.join() === r.join()))).toEqual(secrets);
    await expect(page.locator('#shown').innerText()).resolves.toContain(
      `Showing ${secrets.length} of ${all.length} findings`,
    );

    // The severity filter, by typing the option's first letter.
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('SELECT:filter-severity');
    await page.keyboard.type('m');
    const medium = await visibleRows(page);
    expect(medium.length).toBeGreaterThan(0);
    expect(medium.every(([severity]) => severity === 'medium')).toBe(true);
    expect(medium.length).toBeLessThan(secrets.length);
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedName(page)).toBe('INPUT:filter-text');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    expect(await visibleRows(page)).toEqual(all);

    // Sort by rule: Enter sorts A to Z, Space turns it round.
    await tabTo(page, /^BUTTON:Rule$/);
    await page.keyboard.press('Enter');
    const byRule = (await visibleRows(page)).map(([, rule]) => rule ?? '');
    expect(byRule).toEqual([...byRule].sort((a, b) => a.localeCompare(b)));
    await expect(page.locator('th[aria-sort="ascending"]').innerText()).resolves.toContain('Rule');
    await page.keyboard.press('Space');
    const reversed = (await visibleRows(page)).map(([, rule]) => rule ?? '');
    expect(reversed).toEqual([...byRule].sort((a, b) => b.localeCompare(a)));
    await expect(page.locator('th[aria-sort="descending"]').innerText()).resolves.toContain('Rule');
    await expect(page.locator('#shown').innerText()).resolves.toContain('sorted by Rule (Z to A)');
    // Severity again: back to the terminal table's order.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    expect(await visibleRows(page)).toEqual(all);

    // Expand the first finding's evidence and remedy with Enter, collapse it with Space.
    await tabTo(page, /^SUMMARY:/, 10);
    const first = page.locator('#findings tbody tr').first().locator('details');
    await page.keyboard.press('Enter');
    await expect(first.getAttribute('open')).resolves.toBe('');
    const opened = await first.innerText();
    expect(opened).toContain('Remedy');
    expect(opened).toContain('Evidence');
    await shootFindings(page, 'findings-expanded-1280', 700);
    await page.keyboard.press('Space');
    await expect(first.getAttribute('open')).resolves.toBeNull();
    expect(errors).toEqual([]);
    await close();
  });

  it("without scripts: the terminal table's order, no controls, findings still open", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(reportUrl);
    expect(await visibleRows(page)).toEqual(cliRows(report));
    await expect(page.locator('#controls').isVisible()).resolves.toBe(false);
    await page.locator('#findings summary').first().click();
    await expect(page.locator('#findings details').first().innerText()).resolves.toContain(
      'Remedy',
    );
    await context.close();
  });

  it('hostile names, tags and evidence stay text and fetch nothing; the policy refuses any load', async () => {
    const { page, requests, errors, close } = await open(hostileUrl, 1280);
    await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; })`);
    expect(await page.locator('x-evil, iframe, img, image, script[src]').count()).toBe(0);
    expect(await page.title()).toBe('ward scan report');
    const text = await page.locator('main').innerText();
    // The owner's tag reached the decision's reasons and the property the evidence, as text.
    const hostile = hostileStrings(canaryUrl);
    expect(text).toContain(
      `ward-exempt-until ${JSON.stringify(hostile.tag.slice(0, 64))} is not an ISO date`,
    );
    expect(text).toContain(JSON.stringify(hostile.property));
    expect(text).toContain(hostile.message);
    expect(text).toContain(hostile.name);
    // Filtering on markup matches the text, not the page's own tags.
    await page.locator('#filter-text').fill('<x-evil>');
    expect((await visibleRows(page)).length).toBeGreaterThan(0);
    expect(requests).toEqual([hostileUrl]);
    // Even a load the page's own script would start is refused by the page's policy.
    const violation: string = await page.evaluate(`new Promise((done) => {
      document.addEventListener('securitypolicyviolation', (e) => done(e.effectiveDirective));
      const image = new Image();
      image.src = ${JSON.stringify(`${canaryUrl}/from-script`)};
      document.body.append(image);
    })`);
    expect(violation).toBe('img-src');
    expect(canaryHits).toEqual([]);
    expect(errors.filter((e) => !e.includes('Content Security Policy'))).toEqual([]);
    await close();
  });
});
