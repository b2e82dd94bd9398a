import type { Reporter, TestModule } from "vitest/node";

/**
 * On demand, to see where the suite's time goes: each file's span in the run (start → end, so
 * overlaps show), its duration with setup, and the slowest tests. Put it before the summary:
 *   npx vitest run --reporter=default --reporter=./tests/support/timing-reporter.ts --reporter=./tests/support/summary-reporter.ts
 */
export default class TimingReporter implements Reporter {
  private readonly t0 = Date.now();
  private readonly spans = new Map<TestModule, [number, number]>();

  onTestModuleStart(mod: TestModule) {
    this.spans.set(mod, [Date.now() - this.t0, 0]);
  }

  onTestModuleEnd(mod: TestModule) {
    const span = this.spans.get(mod);
    if (span) span[1] = Date.now() - this.t0;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const s = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
    const name = (mod: TestModule) => `${mod.project.name} ${mod.relativeModuleId}`;
    const lines = [`\nfiles, in the order they started (run so far ${s(Date.now() - this.t0)}):`];
    for (const mod of [...modules].sort((a, b) => (this.spans.get(a)?.[0] ?? 0) - (this.spans.get(b)?.[0] ?? 0))) {
      const [start, end] = this.spans.get(mod) ?? [0, 0];
      lines.push(`${s(start)} → ${s(end)}  ${s(mod.diagnostic().duration)}  ${name(mod)}`);
    }
    const tests = modules.flatMap((mod) => [...mod.children.allTests()].map((t) => ({ t, mod, ms: t.diagnostic()?.duration ?? 0 })));
    lines.push("slowest tests:");
    for (const { t, mod, ms } of tests.sort((a, b) => b.ms - a.ms).slice(0, 15)) lines.push(`${s(ms)}  ${name(mod)} > ${t.fullName}`);
    process.stdout.write(`${lines.join("\n")}\n`);
  }
}
