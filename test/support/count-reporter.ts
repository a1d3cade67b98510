import type { Reporter, TestCase, TestModule } from 'vitest/node';

/**
 * Counts of one test module. Failures: its failed tests, plus what a failing hook or a module that
 * would not load takes down. Vitest marks the tests under a failed `beforeAll` as skipped and a
 * failed `afterAll` leaves its tests passed, so counting test states alone would miss both.
 */
function moduleCounts(testModule: TestModule): { passed: number; failed: number; skipped: number } {
  let passed = 0;
  const failedTests = new Set<TestCase>();
  for (const test of testModule.children.allTests()) {
    const state = test.result().state;
    if (state === 'passed') passed += 1;
    else if (state === 'failed') failedTests.add(test);
  }
  let failedElsewhere = 0;
  for (const holder of [testModule, ...testModule.children.allSuites()]) {
    if (holder.errors().length === 0) continue;
    let takenDown = 0;
    for (const test of holder.children.allTests()) {
      if (test.result().state === 'passed' || failedTests.has(test)) continue;
      failedTests.add(test);
      takenDown += 1;
    }
    // A hook that failed after its tests passed, or a module with no tests to take down.
    if (takenDown === 0) failedElsewhere += 1;
  }
  // A module that failed without reporting an error of its own still fails the run.
  if (failedTests.size === 0 && failedElsewhere === 0 && testModule.state() === 'failed') {
    failedElsewhere = 1;
  }
  // Skipped (or todo) tests that no failure took down: `.skip`, `.todo`, `skipIf`.
  let skipped = 0;
  for (const test of testModule.children.allTests()) {
    const state = test.result().state;
    if (state !== 'passed' && state !== 'failed' && !failedTests.has(test)) skipped += 1;
  }
  return { passed, failed: failedTests.size + failedElsewhere, skipped };
}

/** Prints the one closing line CI reads: `tests: N passed, N failed, N skipped`. */
export default class CountReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[], unhandledErrors: readonly unknown[]): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      const counts = moduleCounts(testModule);
      passed += counts.passed;
      failed += counts.failed;
      skipped += counts.skipped;
    }
    failed += unhandledErrors.length;
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
