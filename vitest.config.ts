import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A stray `.only` fails the run everywhere, not only where CI is set.
    allowOnly: false,
    // Much of the suite waits on other processes (Azurite, Chromium, spawned CLIs) and loopback
    // HTTPS, so a second worker pays off even on two cores (about 75 s instead of 107 s there),
    // where Vitest's default of cores - 1 would run one file at a time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', './test/support/count-reporter.ts'],
  },
});
