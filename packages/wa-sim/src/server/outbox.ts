/**
 * Sends frames after a configurable delay while keeping their order (the latency fault).
 * With zero latency and nothing waiting, a frame goes out synchronously.
 */
export class Outbox {
  private readonly queue: Array<{ due: number; data: Buffer }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (data: Buffer) => void,
    private readonly latencyMs: () => number,
  ) {}

  push(data: Buffer): void {
    const delay = this.latencyMs();
    if (delay <= 0 && this.queue.length === 0) {
      this.write(data);
      return;
    }
    this.queue.push({ due: Date.now() + delay, data });
    this.schedule();
  }

  clear(): void {
    this.queue.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const head = this.queue[0];
    if (this.timer || !head) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, head.due - Date.now()));
  }

  private flush(): void {
    this.timer = undefined;
    const now = Date.now();
    while (this.queue[0] && this.queue[0].due <= now) this.write(this.queue.shift()!.data);
    this.schedule();
  }
}
