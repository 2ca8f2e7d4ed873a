import { describe, expect, it } from "vitest";
import {
  applySharedTake,
  BUSY_SAME_DAY,
  guessFromHint,
  hintAfterTake,
  judgeSharedBucket,
  planSharedTake,
  sharedTakeHolds,
  type SharedBucket,
  type SharedBucketVerdict,
} from "./shared-bucket";
import { createPacingState, tryTake } from "./token-bucket";

const t0 = Date.parse("2025-03-10T12:00:00Z");
const settings = { messagesPerMinute: 6, burst: 3, dailyCap: 100 }; // one token every 10 s

/** What a store does: try the guessed shape, else judge the stored bucket and try again. */
function take(
  stored: SharedBucket | undefined,
  now: number,
  s = settings,
): [SharedBucketVerdict, SharedBucket | undefined] {
  let guess = BUSY_SAME_DAY;
  for (let i = 0; i < 4; i++) {
    const plan = planSharedTake(s, now, guess);
    if (sharedTakeHolds(stored, plan)) return [{ allowed: true }, applySharedTake(stored, plan)];
    const verdict = judgeSharedBucket(stored, plan);
    if ("allowed" in verdict) return [verdict, stored];
    guess = verdict.retry;
  }
  throw new Error("did not settle in 4 attempts");
}

describe("shared pacing bucket (one conditional update per take)", () => {
  it("allows a burst straight away, then refuses with the wait until the next token", () => {
    let b: SharedBucket | undefined;
    for (let i = 0; i < 3; i++) {
      const [v, next] = take(b, t0);
      expect(v).toEqual({ allowed: true });
      b = next;
    }
    expect(take(b, t0)[0]).toEqual({ allowed: false, reason: "rate", retryAfterSeconds: 10 });
    expect(take(b, t0 + 4_000)[0]).toEqual({ allowed: false, reason: "rate", retryAfterSeconds: 6 });
    expect(take(b, t0 + 10_000)[0]).toEqual({ allowed: true });
  });

  it("decides like the token bucket for any sequence of sends", () => {
    let bucket = createPacingState(settings, t0);
    let shared: SharedBucket | undefined;
    const times = [0, 0, 1, 2_000, 2_500, 9_000, 15_000, 15_001, 40_000, 41_000, 41_001, 41_002, 100_000];
    for (const dt of times) {
      const a = tryTake(bucket, t0 + dt);
      const [b, next] = take(shared, t0 + dt);
      expect(b.allowed).toBe(a.allowed);
      if (!a.allowed && !b.allowed) expect(b.retryAfterSeconds).toBe(a.retryAfterSeconds);
      bucket = a.state;
      shared = next;
    }
  });

  it("refuses past the daily cap until UTC midnight and counts again the next day", () => {
    const capped = { messagesPerMinute: 600, burst: 100, dailyCap: 2 };
    let b: SharedBucket | undefined;
    for (let i = 0; i < 2; i++) b = take(b, t0, capped)[1];
    expect(take(b, t0, capped)[0]).toEqual({ allowed: false, reason: "daily_cap", retryAfterSeconds: 12 * 3600 });
    const [v, next] = take(b, t0 + 12 * 3600_000, capped);
    expect(v).toEqual({ allowed: true });
    expect(next?.sent).toBe(1);
  });

  it("settles within three attempts from any stored shape", () => {
    const shapes: (SharedBucket | undefined)[] = [
      undefined,
      { tat: t0 - 1, day: "2025-03-09", sent: 5 },
      { tat: t0 + 5_000, day: "2025-03-09", sent: 5 },
      { tat: t0 - 1, day: "2025-03-10", sent: 5 },
    ];
    for (const stored of shapes) {
      let guess = BUSY_SAME_DAY;
      let attempts = 1;
      for (;;) {
        const plan = planSharedTake(settings, t0, guess);
        if (sharedTakeHolds(stored, plan)) break;
        const v = judgeSharedBucket(stored, plan);
        if ("allowed" in v) throw new Error("refused");
        guess = v.retry;
        attempts++;
      }
      expect(attempts).toBeLessThanOrEqual(3);
    }
  });

  it("guesses the next take's shape from the instance's own last take: right for an exact hint, never a wrong bound", () => {
    expect(guessFromHint(undefined, t0)).toEqual(BUSY_SAME_DAY);
    // an idle take knows the tat exactly: idle again once it passed, busy before
    let stored: SharedBucket | undefined;
    const idle = planSharedTake(settings, t0, { idle: true, newDay: true });
    stored = applySharedTake(stored, idle);
    const hint = hintAfterTake(idle);
    expect(hint).toEqual({ tatAtMost: stored.tat, day: stored.day });
    expect(guessFromHint(hint, t0 + 5_000)).toEqual({ idle: false, newDay: false });
    expect(guessFromHint(hint, t0 + 10_000)).toEqual({ idle: true, newDay: false });
    expect(guessFromHint(hint, t0 + 86_400_000)).toEqual({ idle: true, newDay: true });
    // a busy take only bounds it: the bound is never below the stored tat
    const busy = planSharedTake(settings, t0 + 1_000, { idle: false, newDay: false });
    stored = applySharedTake(stored, busy);
    expect(hintAfterTake(busy).tatAtMost).toBeGreaterThanOrEqual(stored.tat);
  });
});
