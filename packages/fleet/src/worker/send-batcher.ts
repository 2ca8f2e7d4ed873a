/**
 * Gathers items sent around the same moment and sends them in batches of up to `max` (SQS
 * takes 10 a call): a drain that hands hundreds of sessions over makes tens of calls, not
 * hundreds. Each add() resolves once its batch went out, and rejects if that batch failed.
 */
export class SendBatcher<T> {
  private queued: { item: T; done: (err?: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (items: T[]) => Promise<void>,
    private readonly opts: { max: number; lingerMs: number } = { max: 10, lingerMs: 5 },
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ item, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (this.queued.length >= this.opts.max) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.opts.lingerMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0, this.opts.max);
      this.send(batch.map((b) => b.item)).then(
        () => {
          for (const b of batch) b.done();
        },
        (err: unknown) => {
          for (const b of batch) b.done(err ?? new Error("batch send failed"));
        },
      );
    }
  }
}
