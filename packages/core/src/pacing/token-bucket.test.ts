import { DEFAULT_PACING } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { RateLimitedError } from "../errors";
import { createPacingState, pacingError, refill, tryTake, withPacingSettings, type PacingState } from "./token-bucket";

const t0 = Date.parse("2025-03-10T12:00:00Z");
const settings = { messagesPerMinute: 6, burst: 3, dailyCap: 100 }; // one token every 10 s

function takeN(state: PacingState, n: number, at: number): PacingState {
  let s = state;
  for (let i = 0; i < n; i++) {
    const r = tryTake(s, at);
    if (!r.allowed) throw new Error(`take ${i} refused: ${r.reason}`);
    s = r.state;
  }
  return s;
}

describe("token bucket pacing", () => {
  it("allows a burst straight away, then refuses with the wait until the next token", () => {
    const s = takeN(createPacingState(settings, t0), 3, t0);
    const r = tryTake(s, t0);
    expect(r).toMatchObject({ allowed: false, reason: "rate", retryAfterSeconds: 10 });
  });

  it("refills at messagesPerMinute", () => {
    const s = takeN(createPacingState(settings, t0), 3, t0);
    expect(tryTake(s, t0 + 9_999).allowed).toBe(false);
    expect(tryTake(s, t0 + 4_000)).toMatchObject({ allowed: false, retryAfterSeconds: 6 });
    const r = tryTake(s, t0 + 10_000);
    expect(r.allowed).toBe(true);
    expect(tryTake(r.state, t0 + 10_000).allowed).toBe(false);
  });

  it("never holds more than burst tokens however long it was idle", () => {
    const s = refill(createPacingState(settings, t0), t0 + 3_600_000);
    expect(s.tokens).toBe(3);
    const after = takeN(s, 3, t0 + 3_600_000);
    expect(tryTake(after, t0 + 3_600_000).allowed).toBe(false);
  });

  it("does not consume on a refusal", () => {
    const s = takeN(createPacingState(settings, t0), 3, t0);
    const refused = tryTake(s, t0 + 5_000);
    expect(refused.allowed).toBe(false);
    expect(tryTake(refused.state, t0 + 10_000).allowed).toBe(true);
  });

  it("enforces the daily cap with the time to UTC midnight, then resets", () => {
    const capped = { messagesPerMinute: 600, burst: 100, dailyCap: 2 };
    const s = takeN(createPacingState(capped, t0), 2, t0);
    const r = tryTake(s, t0);
    expect(r).toMatchObject({ allowed: false, reason: "daily_cap", retryAfterSeconds: 12 * 3600 });
    const justBefore = Date.parse("2025-03-10T23:59:59.500Z");
    expect(tryTake(s, justBefore)).toMatchObject({ allowed: false, reason: "daily_cap", retryAfterSeconds: 1 });
    const next = tryTake(s, Date.parse("2025-03-11T00:00:00Z"));
    expect(next.allowed).toBe(true);
    expect(next.state).toMatchObject({ day: "2025-03-11", sentToday: 1 });
  });

  it("reports the daily cap ahead of the rate when both apply", () => {
    const s = takeN(createPacingState({ messagesPerMinute: 1, burst: 1, dailyCap: 1 }, t0), 1, t0);
    expect(tryTake(s, t0)).toMatchObject({ allowed: false, reason: "daily_cap" });
  });

  it("ignores a clock that steps backwards instead of minting tokens", () => {
    const s = takeN(createPacingState(settings, t0), 3, t0);
    const r = tryTake(s, t0 - 60_000);
    expect(r.allowed).toBe(false);
    expect(r.state.refilledAt).toBe(t0);
  });

  it("works with the contract defaults and accepts Date", () => {
    const s = createPacingState(DEFAULT_PACING, new Date(t0));
    expect(s.tokens).toBe(DEFAULT_PACING.burst);
    expect(tryTake(s, new Date(t0)).allowed).toBe(true);
  });

  it("keeps today's count when settings change and clips tokens to the new burst", () => {
    const s = takeN(createPacingState({ ...settings, burst: 10 }, t0), 2, t0);
    const changed = withPacingSettings(s, { messagesPerMinute: 60, burst: 4, dailyCap: 3 });
    expect(changed).toMatchObject({ tokens: 4, sentToday: 2 });
    const r = takeN(changed, 1, t0);
    expect(tryTake(r, t0)).toMatchObject({ allowed: false, reason: "daily_cap" });
  });

  it("maps a refusal to a RateLimitedError carrying Retry-After", () => {
    const e = pacingError({ reason: "rate", retryAfterSeconds: 7 });
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(e).toMatchObject({ code: "rate_limited", retryAfterSeconds: 7 });
    expect(pacingError({ reason: "daily_cap", retryAfterSeconds: 99 }).message).toMatch(/daily/);
  });
});
