/**
 * Every timer a session runner starts, in one place, so stop() can release all of them and
 * tests can assert nothing is left behind. `sleep` resolves false when cleared early.
 */
export class TimerBag {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly named = new Map<string, NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();

  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** One timer per name: setting it again replaces the previous one. */
  set(name: string, ms: number, fn: () => void): void {
    this.cancel(name);
    this.named.set(
      name,
      setTimeout(() => {
        this.named.delete(name);
        fn();
      }, ms),
    );
  }

  cancel(name: string): void {
    const t = this.named.get(name);
    if (t) clearTimeout(t);
    this.named.delete(name);
  }

  sleep(ms: number, stillWanted: () => boolean): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(t);
        this.sleepers.delete(wake);
        resolve(false);
      };
      const t = setTimeout(() => {
        this.sleepers.delete(wake);
        resolve(stillWanted());
      }, ms);
      this.sleepers.add(wake);
    });
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const t of this.named.values()) clearTimeout(t);
    this.named.clear();
    for (const wake of [...this.sleepers]) wake();
  }

  get size(): number {
    return this.timers.size + this.named.size + this.sleepers.size;
  }
}
