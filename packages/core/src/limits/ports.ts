import type { RateDecision, RatePolicy } from "./gcra";

/**
 * Shared limiter state. The DynamoDB adapter (packages/aws) makes every operation atomic
 * across instances, so every Lambda and app sees one bucket per key and one count per quota.
 */
export interface LimitStore {
  /** admits one request against bucket `bucketId` at `now` (epoch ms) */
  take(bucketId: string, policy: RatePolicy, now: number): Promise<RateDecision>;
  /**
   * Adds one to a tenant's counter if it stays at or under `limit`; never overshoots under
   * concurrency. `expiresAt` (epoch seconds) lets per-day counters expire.
   */
  reserve(tenantId: string, counter: string, limit: number, expiresAt?: number): Promise<{ ok: boolean; used: number }>;
  /** takes one back (a delete, or a create that failed after reserving); never below zero */
  release(tenantId: string, counter: string): Promise<void>;
  /** adds one failed authentication for `address` in the window starting at `windowStart` (epoch s) */
  recordAuthFailure(address: string, windowStart: number, expiresAt: number): Promise<number>;
  /** failed authentications of `address` in that window */
  authFailures(address: string, windowStart: number): Promise<number>;
}
