/**
 * A token bucket kept as one number, the theoretical arrival time (GCRA): the moment the
 * bucket would be full again. Equivalent to a bucket of `burst` tokens refilled at `rate` per
 * second, but a single value means a store can admit a request with one conditional write,
 * which is what lets every Lambda share one bucket per key. Pure: times are epoch ms.
 */
export interface RatePolicy {
  /** tokens per second */
  rate: number;
  /** bucket size */
  burst: number;
}

export interface RateDecision {
  allowed: boolean;
  /** the bucket's new arrival time when allowed, else the unchanged one */
  tat: number;
  /** whole tokens left after this request */
  remaining: number;
  /** seconds until the bucket is full again (the draft's `t` of RateLimit) */
  resetSeconds: number;
  /** seconds to wait before a request can pass (0 when allowed) */
  retryAfterSeconds: number;
}

/** Milliseconds one token is worth. */
export function tokenMs(p: RatePolicy): number {
  return 1000 / p.rate;
}

/** Admits one request at `now` against a bucket whose arrival time is `tat` (null: never used, full). */
export function admit(tat: number | null, now: number, p: RatePolicy): RateDecision {
  const interval = tokenMs(p);
  const window = p.burst * interval;
  const base = Math.max(tat ?? now, now);
  const next = base + interval;
  // `next - now` is how far ahead of now the bucket is booked; more than the burst's worth is refused
  if (next - now > window + 1e-6) {
    const wait = next - now - window;
    return describe(false, base, now, p, Math.max(1, Math.ceil(wait / 1000)));
  }
  return describe(true, next, now, p, 0);
}

/** What a bucket at arrival time `tat` looks like at `now`, for the RateLimit header. */
export function bucketState(
  tat: number | null,
  now: number,
  p: RatePolicy,
): { remaining: number; resetSeconds: number } {
  const booked = Math.max(0, (tat ?? now) - now);
  return {
    remaining: Math.max(0, Math.floor(p.burst - booked / tokenMs(p) + 1e-9)),
    resetSeconds: Math.ceil(booked / 1000),
  };
}

function describe(allowed: boolean, tat: number, now: number, p: RatePolicy, retryAfterSeconds: number): RateDecision {
  return { allowed, tat, ...bucketState(tat, now, p), retryAfterSeconds };
}
