import type { TestProject } from 'vitest/node';
import { startAzurite } from '../src/store/azurite';
import { locateChromium, type ChromiumLocation } from './support/chromium-path';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the one Azurite the whole suite shares. */
    azuriteConnectionString: string;
    /** The Chromium the browser suites launch, or why there is none. */
    chromium: ChromiumLocation;
  }
}

/** Starts the services the suite shares (one Azurite; Chromium located once) and stops them when the run ends. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [azurite, chromium] = await Promise.all([
    startAzurite({ inMemory: true }),
    locateChromium(),
  ]);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
    await azurite.stop();
  };
  // An interrupted run must not leave Azurite behind: stop it, then let the signal do its work.
  const onSignal = (signal: NodeJS.Signals): void => {
    void stop().finally(() => process.kill(process.pid, signal));
  };
  // Last resort when the process exits without teardown: the kill is synchronous.
  const onExit = (): void => {
    if (!stopped) process.kill(azurite.pid, 'SIGKILL');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', onExit);
  project.provide('azuriteConnectionString', azurite.connectionString);
  project.provide('chromium', chromium);
  return stop;
}
