#!/usr/bin/env node
// Runs the test steps in order, every one of them even after a failure, prints each step's
// result and exits non-zero at the end if any step failed (a failing unit test must not hide
// the browser suite's result).
import { spawn } from "node:child_process";

/** name → pnpm arguments; the order is the order of `npm test` */
export const STEPS = [
  ["boundaries", ["run", "check:boundaries"]],
  ["lint", ["run", "lint"]],
  ["typecheck", ["run", "typecheck"]],
  ["unit and integration tests", ["run", "test:unit"]],
  ["dashboard build", ["--filter", "@wharf/web", "build"]],
  ["dashboard browser tests", ["--filter", "@wharf/web", "test:e2e"]],
];

/** Runs `steps` ([name, command, args]) one after another; resolves to one result per step. */
export async function runSteps(steps, { log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const results = [];
  for (const [name, command, args] of steps) {
    log(`\n▶ ${name}`);
    const started = Date.now();
    const code = await new Promise((resolve) => {
      const child = spawn(command, args, { stdio: "inherit" });
      child.once("error", () => resolve(127));
      child.once("exit", (c, signal) => resolve(c ?? (signal ? 128 : 1)));
    });
    results.push({ name, ok: code === 0, code, seconds: Math.round((Date.now() - started) / 1000) });
  }
  log("\nTest steps:");
  for (const r of results)
    log(`  ${r.ok ? "ok  " : "FAIL"}  ${r.name} (${r.seconds} s${r.ok ? "" : `, exit ${r.code}`})`);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // run as `pnpm run test:all`: pnpm is on PATH there, as the old `&&` chain assumed
  const results = await runSteps(STEPS.map(([name, args]) => [name, "pnpm", args]));
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    process.stdout.write(
      `\n${failed.length} of ${results.length} step(s) failed: ${failed.map((r) => r.name).join(", ")}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`\nAll ${results.length} steps passed.\n`);
}
