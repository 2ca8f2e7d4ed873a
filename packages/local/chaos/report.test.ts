import { describe, expect, it } from "vitest";
import { parseChaosArgs, SCENARIO_IDS } from "./args";
import { crashedReport, formatReport, formatSummary, formatTable, verdictOf, type ScenarioReport } from "./report";

const report = (rows: ScenarioReport["rows"]): ScenarioReport => ({ id: "x", title: "t", rows });

describe("chaos figures", () => {
  it("passes only when every zero-loss row is zero", () => {
    expect(
      verdictOf(
        report([
          { label: "sent", value: 10 },
          { label: "lost", value: 0, mustBeZero: true },
        ]),
      ).passed,
    ).toBe(true);
    const failed = verdictOf(
      report([
        { label: "lost", value: 2, mustBeZero: true },
        { label: "dup", value: 0, mustBeZero: true },
      ]),
    );
    expect(failed.passed).toBe(false);
    expect(failed.failedRows.map((r) => r.label)).toEqual(["lost"]);
  });

  it("treats a non-numeric zero-loss row (e.g. 'never') as failed", () => {
    expect(verdictOf(report([{ label: "open again", value: "never", mustBeZero: true }])).passed).toBe(false);
  });

  it("prints aligned tables with numbers right-aligned and the verdict in the heading", () => {
    expect(
      formatTable(
        ["a", "n"],
        [
          ["x", 5],
          ["long", 123],
        ],
      ),
    ).toBe(["a     n", "----  ---", "x       5", "long  123"].join("\n"));
    const text = formatReport(report([{ label: "lost", value: 1, mustBeZero: true, note: "why" }]));
    expect(text).toContain("x) t: FAIL");
    expect(text).toContain("FAIL (must be 0)");
    expect(text).toContain("why");
  });

  it("summarises the suite and fails it when one scenario failed or crashed", () => {
    const ok = report([{ label: "lost", value: 0, mustBeZero: true }]);
    const crashed = crashedReport("b", "boom", new Error("no java"));
    const summary = formatSummary([ok, crashed]);
    expect(summary.passed).toBe(false);
    expect(summary.text).toContain("FAIL (scenario crashed)");
    expect(formatSummary([ok]).passed).toBe(true);
  });
});

describe("chaos arguments", () => {
  it("runs every scenario by default and the named ones otherwise, with scale flags", () => {
    expect(parseChaosArgs([]).scenarios).toEqual([...SCENARIO_IDS]);
    const o = parseChaosArgs(["--", "b", "d", "--sessions", "100", "--seconds=20"]);
    expect(o).toMatchObject({ scenarios: ["b", "d"], sessions: 100, seconds: 20 });
  });

  it("refuses unknown scenarios and flags without a number", () => {
    expect(() => parseChaosArgs(["z"])).toThrow(/unknown argument z/);
    expect(() => parseChaosArgs(["--sessions", "many"])).toThrow(/non-negative number/);
  });
});
