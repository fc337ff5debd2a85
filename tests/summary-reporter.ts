// Prints the plain closing line "N passed, N failed" after the default reporter's summary. A file that
// fails outside its tests (a hook such as beforeAll, an import, a module that cannot load) and errors
// no test caught are counted too, so the line never says "0 failed" for a run that failed.
import type { SerializedError } from "vitest";
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let failedFiles = 0;
    for (const module of modules) {
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failedTests++;
        else skipped++;
      }
      failed += failedTests;
      if (!failedTests && (module.state() === "failed" || module.errors().length)) failedFiles++;
    }
    const outside = [
      failedFiles ? `${failedFiles} file${failedFiles === 1 ? "" : "s"} failed outside a test` : "",
      unhandledErrors.length ? `${unhandledErrors.length} unhandled error${unhandledErrors.length === 1 ? "" : "s"}` : "",
    ].filter(Boolean);
    console.log(
      `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${outside.length ? `; ${outside.join(", ")}` : ""}`,
    );
  }
}
