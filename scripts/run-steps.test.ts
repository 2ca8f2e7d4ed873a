import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { runSteps, STEPS } from "./run-steps.mjs";

type Result = { name: string; ok: boolean; code: number; failures: string[] };

const node = (code: string) => [process.execPath, ["-e", code]];
// the children's output stays out of the real run's output (its runner collects failure lines)
const sink = { write: () => true };
const quiet = { stdout: sink, stderr: sink };

describe("run-steps (the npm test runner)", () => {
  it("runs every step even after one fails and reports each result", async () => {
    const lines: string[] = [];
    const results: Result[] = await runSteps(
      [
        ["first", ...node("process.exit(0)")],
        ["broken", ...node("process.exit(3)")],
        ["after the failure", ...node("process.exit(0)")],
      ],
      { log: (l: string) => lines.push(l), out: quiet },
    );
    expect(results.map((r) => [r.name, r.ok, r.code])).toEqual([
      ["first", true, 0],
      ["broken", false, 3],
      ["after the failure", true, 0],
    ]);
    const summary = lines.join("\n");
    expect(summary).toMatch(/ok\s+first/);
    expect(summary).toMatch(/FAIL\s+broken \(\d+ s, exit 3\)/);
    expect(summary).toMatch(/ok\s+after the failure/);
  });

  it("repeats a failing step's failure lines in the summary, and none for a passing step", async () => {
    const lines: string[] = [];
    const script = [
      "console.log('noise');",
      "console.log('\\u001b[31m FAIL \\u001b[39m core src/a.test.ts > flaky thing');",
      "console.log('AssertionError: expected 1 to be 2');",
      "console.log('more noise');",
      "process.exit(1);",
    ].join("");
    const results = await runSteps(
      [
        ["passing", ...node("console.log(' FAIL  looks like a failure'); process.exit(0)")],
        ["tests", ...node(script)],
      ],
      { log: (l: string) => lines.push(l), out: quiet },
    );
    expect(results[0].failures).toEqual([]);
    expect(results[1].failures[0]).toContain("FAIL  core src/a.test.ts > flaky thing");
    const summary = lines.slice(lines.indexOf("\nTest steps:")).join("\n");
    expect(summary).toMatch(
      /FAIL\s+tests[^\n]*\n\s+FAIL\s+core src\/a.test.ts > flaky thing\n\s+AssertionError: expected 1 to be 2/,
    );
    expect(summary).not.toContain("looks like a failure");
  });

  it("ends with the dashboard's browser suite, after the unit tests", () => {
    const names = (STEPS as Array<[string, string[]]>).map(([n]) => n);
    expect(names.indexOf("dashboard browser tests")).toBeGreaterThan(names.indexOf("unit and integration tests"));
    expect(names.at(-1)).toBe("dashboard browser tests");
  });
});
