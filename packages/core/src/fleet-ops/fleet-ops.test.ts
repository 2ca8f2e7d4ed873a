import { describe, expect, it } from "vitest";
import { loadMetrics, msUntilNextReport } from "./load-report";
import { PROTECTION_MINUTES, protectionAction } from "./task-protection";

describe("protectionAction", () => {
  const now = 1_000_000;
  it("protects a worker once it holds a session", () => {
    expect(protectionAction({ protectedUntilMs: null }, 1, false, now)).toBe("protect");
    expect(protectionAction({ protectedUntilMs: null }, 0, false, now)).toBe("none");
  });

  it("renews in the last third of the window only", () => {
    const until = now + PROTECTION_MINUTES * 60_000;
    expect(protectionAction({ protectedUntilMs: until }, 5, false, now)).toBe("none");
    expect(protectionAction({ protectedUntilMs: until }, 5, false, until - 60_000)).toBe("protect");
  });

  it("releases when the worker is empty or draining", () => {
    expect(protectionAction({ protectedUntilMs: now + 1 }, 0, false, now)).toBe("release");
    expect(protectionAction({ protectedUntilMs: now + 1 }, 9, true, now)).toBe("release");
  });
});

describe("load report", () => {
  it("reports sessions held and capacity, plus counters the worker keeps", () => {
    expect(loadMetrics({ sessions: 3, capacity: 500 }).map((m) => [m.name, m.value])).toEqual([
      ["SessionsHeld", 3],
      ["SessionCapacity", 500],
    ]);
    expect(loadMetrics({ sessions: 3, capacity: 500, claims: 2, reconnects: 1 }).map((m) => m.name)).toEqual([
      "SessionsHeld",
      "SessionCapacity",
      "PlacementClaims",
      "Reconnects",
    ]);
  });

  it("schedules reports mid-minute", () => {
    expect(msUntilNextReport(Date.parse("2026-11-30T14:00:10Z"))).toBe(20_000);
    expect(msUntilNextReport(Date.parse("2026-11-30T14:00:30Z"))).toBe(60_000);
    expect(msUntilNextReport(Date.parse("2026-11-30T14:00:45Z"))).toBe(45_000);
  });
});
