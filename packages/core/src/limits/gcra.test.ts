import { describe, expect, it } from "vitest";
import { admit } from "./gcra";

const policy = { rate: 2, burst: 3 };

describe("GCRA token bucket", () => {
  it("lets a full bucket's burst through at once, then refuses with the wait for one token", () => {
    let tat: number | null = null;
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) {
      const d = admit(tat, 1_000, policy);
      expect(d.allowed).toBe(true);
      remaining.push(d.remaining);
      tat = d.tat;
    }
    expect(remaining).toEqual([2, 1, 0]);
    const refused = admit(tat, 1_000, policy);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1, tat });
  });

  it("refills at the rate: one token per 1/rate seconds, never above the burst", () => {
    let tat: number | null = null;
    for (let i = 0; i < 3; i++) tat = admit(tat, 0, policy).tat;
    expect(admit(tat, 499, policy).allowed).toBe(false);
    expect(admit(tat, 500, policy).allowed).toBe(true);
    // idle for a long time: back to a full bucket, not more
    expect(admit(tat, 60_000, policy).remaining).toBe(2);
  });
});
