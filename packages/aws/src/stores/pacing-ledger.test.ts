import { newId } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { useTestStack } from "../testing/index";
import { createPacingLedger } from "./pacing-ledger";

const stack = useTestStack();
const ledger = createPacingLedger({ doc: stack.doc, tableName: stack.tableName });
const now = new Date("2030-01-01T12:00:00.000Z");

describe("pacing ledger on DynamoDB", () => {
  it("lets exactly `burst` of many concurrent takes through and refuses the rest with a wait", async () => {
    const tenantId = newId("tenant");
    const sessionId = newId("session");
    const settings = { messagesPerMinute: 60, burst: 20, dailyCap: 1000 };
    const verdicts = await Promise.all(
      Array.from({ length: 60 }, () => ledger.take(tenantId, sessionId, settings, now)),
    );
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(20);
    for (const v of verdicts.filter((x) => !x.allowed)) {
      expect(v).toMatchObject({ allowed: false, reason: "rate" });
      expect(v.allowed ? 0 : v.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
  });

  it("never throws under contention: every concurrent take is allowed or refused", async () => {
    const tenantId = newId("tenant");
    const sessionId = newId("session");
    const settings = { messagesPerMinute: 6000, burst: 200, dailyCap: 100_000 };
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => ledger.take(tenantId, sessionId, settings, now)),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const allowed = results.filter((r) => r.status === "fulfilled" && r.value.allowed);
    expect(allowed).toHaveLength(100);
  });

  it("refuses past the daily cap with the wait until UTC midnight", async () => {
    const tenantId = newId("tenant");
    const sessionId = newId("session");
    const settings = { messagesPerMinute: 600, burst: 100, dailyCap: 3 };
    for (let i = 0; i < 3; i++)
      expect(await ledger.take(tenantId, sessionId, settings, now)).toEqual({ allowed: true });
    expect(await ledger.take(tenantId, sessionId, settings, now)).toEqual({
      allowed: false,
      reason: "daily_cap",
      retryAfterSeconds: 12 * 3600,
    });
    const tomorrow = new Date(now.getTime() + 12 * 3600_000);
    expect(await ledger.take(tenantId, sessionId, settings, tomorrow)).toEqual({ allowed: true });
  });
});
