import { existsSync } from 'node:fs';

/** A system Chromium (Debian's package) is used when present. */
export const SYSTEM_CHROMIUM_PATH = '/usr/bin/chromium';

/** Where the browser suites find Chromium, or why they cannot. */
export type ChromiumLocation =
  { path: string; source: 'system' | '@sparticuz/chromium' } | { error: string };

/**
 * Resolved once per run, in the global setup: the system Chromium when installed, else the
 * binary `@sparticuz/chromium` unpacks from the npm package itself into the temp folder (a few
 * seconds the first time, reused after). Never throws: the browser suites report the error.
 */
export async function locateChromium(): Promise<ChromiumLocation> {
  if (existsSync(SYSTEM_CHROMIUM_PATH)) return { path: SYSTEM_CHROMIUM_PATH, source: 'system' };
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return { path: await packaged.executablePath(), source: '@sparticuz/chromium' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      error: `${SYSTEM_CHROMIUM_PATH} is missing and @sparticuz/chromium could not unpack its browser (${reason}); run npm ci, or install Debian's chromium.`,
    };
  }
}
