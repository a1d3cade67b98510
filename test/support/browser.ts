import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Headless Chromium for the browser suites: the system one when installed, else the one the
 * `@sparticuz/chromium` package ships, which the global setup unpacked once for every worker
 * (unpacking it in each worker at once would race on the same files). Playwright gives every
 * launch a fresh temporary profile and removes it on close.
 *
 * Call it at the top level of a test file (`const browser = await launchChromium()`): when no
 * browser can start, the file fails to load with this one error instead of failing each hook.
 */
export async function launchChromium(): Promise<Browser> {
  const found = inject('chromium');
  if ('error' in found) {
    throw new Error(`No Chromium for the browser tests: ${found.error}`);
  }
  if (!existsSync(found.path)) {
    throw new Error(`No Chromium for the browser tests: ${found.path} does not exist.`);
  }
  try {
    return await chromium.launch({ executablePath: found.path, headless: true, args: ARGS });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`Chromium at ${found.path} (${found.source}) would not start: ${reason}`, {
      cause: error,
    });
  }
}
