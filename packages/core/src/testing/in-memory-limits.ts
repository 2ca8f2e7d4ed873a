import { admit } from "../limits/gcra";
import type { LimitStore } from "../limits/ports";

/** LimitStore in memory: single-threaded JS makes each operation atomic, like the conditional writes of the adapter. */
export class InMemoryLimitStore implements LimitStore {
  private readonly tats = new Map<string, number>();
  private readonly counters = new Map<string, number>();
  private readonly failures = new Map<string, number>();

  async take(bucketId: string, policy: Parameters<LimitStore["take"]>[1], now: number) {
    const d = admit(this.tats.get(bucketId) ?? null, now, policy);
    if (d.allowed) this.tats.set(bucketId, d.tat);
    return d;
  }

  async reserve(tenantId: string, counter: string, limit: number) {
    const k = `${tenantId}#${counter}`;
    const used = this.counters.get(k) ?? 0;
    if (used >= limit) return { ok: false, used };
    this.counters.set(k, used + 1);
    return { ok: true, used: used + 1 };
  }

  async release(tenantId: string, counter: string) {
    const k = `${tenantId}#${counter}`;
    this.counters.set(k, Math.max(0, (this.counters.get(k) ?? 0) - 1));
  }

  async recordAuthFailure(address: string, windowStart: number) {
    const k = `${address}#${windowStart}`;
    const n = (this.failures.get(k) ?? 0) + 1;
    this.failures.set(k, n);
    return n;
  }

  async authFailures(address: string, windowStart: number) {
    return this.failures.get(`${address}#${windowStart}`) ?? 0;
  }

  /** test helper: a counter's value */
  used(tenantId: string, counter: string): number {
    return this.counters.get(`${tenantId}#${counter}`) ?? 0;
  }
}
