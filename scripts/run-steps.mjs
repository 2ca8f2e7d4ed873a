#!/usr/bin/env node
// Runs the test steps in order, every one of them even after a failure, prints each step's
// result and exits non-zero at the end if any step failed (a failing unit test must not hide
// the browser suite's result).
import { spawn } from "node:child_process";
import { stripVTControlCharacters } from "node:util";

/** name → pnpm arguments; the order is the order of `npm test` */
export const STEPS = [
  ["boundaries", ["run", "check:boundaries"]],
  ["lint", ["run", "lint"]],
  ["typecheck", ["run", "typecheck"]],
  ["unit and integration tests", ["run", "test:unit"]],
  ["dashboard build", ["--filter", "@wharf/web", "build"]],
  ["dashboard browser tests", ["--filter", "@wharf/web", "test:e2e"]],
];

// CI keeps only the tail of the output: the failing tests' names and first error lines are
// repeated in the summary so a flaky test is named there, not thousands of lines above.
const FAILURE_LINE = /^\s*(FAIL|×|✗)\s/;
const LINES_AFTER_FAILURE = 3;
const MAX_FAILURE_LINES = 60;

/** Collects a step's failure lines (a failure marker plus the next few non-empty lines). */
export function failureCollector() {
  const lines = [];
  let pending = "";
  let follow = 0;
  const take = (raw) => {
    const line = stripVTControlCharacters(raw).trimEnd();
    if (FAILURE_LINE.test(line)) follow = LINES_AFTER_FAILURE + 1;
    if (follow > 0 && line.trim() !== "") {
      follow -= 1;
      if (lines.length < MAX_FAILURE_LINES) lines.push(line.slice(0, 300));
    }
  };
  return {
    push(chunk) {
      const parts = (pending + chunk).split("\n");
      pending = parts.pop() ?? "";
      for (const part of parts) take(part);
    },
    lines() {
      if (pending) take(pending);
      pending = "";
      return lines;
    },
  };
}

/** Runs `steps` ([name, command, args]) one after another; resolves to one result per step. */
// `out` receives the children's output (a test passes a sink so its fake failures never reach
// the real run's output, where the outer runner would collect them).
export async function runSteps(
  steps,
  { log = (line) => process.stdout.write(`${line}\n`), out = { stdout: process.stdout, stderr: process.stderr } } = {},
) {
  const results = [];
  for (const [name, command, args] of steps) {
    log(`\n▶ ${name}`);
    const started = Date.now();
    // one collector per stream: a line split across chunks must not join the other stream's
    const failures = { stdout: failureCollector(), stderr: failureCollector() };
    const code = await new Promise((resolve) => {
      const child = spawn(command, args, { stdio: ["inherit", "pipe", "pipe"] });
      for (const stream of ["stdout", "stderr"])
        child[stream].on("data", (chunk) => {
          out[stream].write(chunk);
          failures[stream].push(chunk.toString("utf8"));
        });
      child.once("error", () => resolve(127));
      child.once("close", (c, signal) => resolve(c ?? (signal ? 128 : 1)));
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    results.push({
      name,
      ok: code === 0,
      code,
      seconds,
      failures: code === 0 ? [] : [...failures.stdout.lines(), ...failures.stderr.lines()],
    });
  }
  log("\nTest steps:");
  for (const r of results) {
    log(`  ${r.ok ? "ok  " : "FAIL"}  ${r.name} (${r.seconds} s${r.ok ? "" : `, exit ${r.code}`})`);
    for (const line of r.failures) log(`          ${line.trim()}`);
  }
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
