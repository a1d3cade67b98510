import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

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
 * Headless Debian Chromium. Playwright gives every launch a fresh temporary profile
 * (user-data-dir) and removes it on close. A missing binary fails the test: the browser
 * suites are never skipped (CI installs the `chromium` package).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    // No system Chromium: the one the registry package ships.
    const { default: packaged } = await import('@sparticuz/chromium');
    return chromium.launch({
      executablePath: await packaged.executablePath(),
      headless: true,
      // One process per browser dies with its first closed context: keep Chromium's usual model.
      args: [...packaged.args.filter((arg) => arg !== '--single-process'), ...ARGS],
    });
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}
