import { RateLimitedError } from "../errors";
import type { LimitStore } from "./ports";

/** Failed authentications one source address may make per window before it is refused. */
export interface AuthFailurePolicy {
  maxFailures: number;
  windowSeconds: number;
}

/** Generous enough for a person mistyping a key, far too slow for guessing one. */
export const DEFAULT_AUTH_FAILURE_POLICY: AuthFailurePolicy = { maxFailures: 30, windowSeconds: 300 };

function windowOf(now: number, p: AuthFailurePolicy): { start: number; end: number } {
  const start = Math.floor(now / 1000 / p.windowSeconds) * p.windowSeconds;
  return { start, end: start + p.windowSeconds };
}

/** Throws RateLimitedError while `address` has used up its failures for the current window. */
export async function checkAuthFailures(
  store: LimitStore,
  address: string,
  now: number,
  p: AuthFailurePolicy,
): Promise<void> {
  const w = windowOf(now, p);
  if ((await store.authFailures(address, w.start)) >= p.maxFailures) {
    throw new RateLimitedError(
      "too many failed authentications from this address; try again later",
      Math.max(1, Math.ceil(w.end - now / 1000)),
    );
  }
}

export async function recordAuthFailure(
  store: LimitStore,
  address: string,
  now: number,
  p: AuthFailurePolicy,
): Promise<void> {
  const w = windowOf(now, p);
  await store.recordAuthFailure(address, w.start, w.end + 60);
}
