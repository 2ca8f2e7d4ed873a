/**
 * How often each key was seen, for the most recent `max` keys (a Map in least-recently-seen
 * order: the oldest key goes first), so per-message counters cannot grow without bound.
 */
export class BoundedCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Counts one more for `key` and returns its count. */
  bump(key: string): number {
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.delete(key);
    this.counts.set(key, count);
    if (this.counts.size > this.max) this.counts.delete(this.counts.keys().next().value as string);
    return count;
  }

  forget(key: string): void {
    this.counts.delete(key);
  }
}
