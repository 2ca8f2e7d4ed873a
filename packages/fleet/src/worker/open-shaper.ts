export interface OpenShapingOptions {
  /** sockets between start and a settled status (open, qr, ended…) at once */
  maxInFlight?: number;
  /** socket starts per second (token bucket, burst = one second's worth) */
  perSecond?: number;
  /** a start that never settles frees its slot after this long */
  settleTimeoutMs?: number;
}

const DEFAULTS: Required<OpenShapingOptions> = { maxInFlight: 128, perSecond: 100, settleTimeoutMs: 15_000 };
const WATCH_MS = 25;

interface Watched {
  settled: () => boolean;
  deadline: number;
}

/**
 * Rate-shapes socket starts: a Baileys handshake (noise, login, key upload) costs CPU on the
 * worker's one event loop, so thousands started together stall every other socket for
 * seconds. A token bucket spaces the starts and a concurrency limit bounds the handshakes in
 * flight; a start holds its slot until its session settles (checked on a short timer).
 */
export class OpenShaper {
  private readonly opts: Required<OpenShapingOptions>;
  private readonly waiting: (() => void)[] = [];
  private readonly watched = new Set<Watched>();
  private inFlight = 0;
  private tokens: number;
  private refilledAt = Date.now();
  private refillTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;

  constructor(opts: OpenShapingOptions = {}) {
    this.opts = { ...DEFAULTS, ...opts };
    this.tokens = this.opts.perSecond;
  }

  /** sockets started and not settled yet */
  get starting(): number {
    return this.inFlight;
  }

  /** Waits for a slot, runs `start`, and keeps the slot until `settled()` (or the timeout). */
  async run(start: () => Promise<void>, settled: () => boolean): Promise<void> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
    try {
      await start();
    } catch (err) {
      this.release();
      throw err;
    }
    if (settled()) return this.release();
    this.watched.add({ settled, deadline: Date.now() + this.opts.settleTimeoutMs });
    this.watchTimer ??= setInterval(() => this.sweep(), WATCH_MS).unref();
  }

  private sweep(): void {
    const now = Date.now();
    for (const w of this.watched) {
      if (!w.settled() && w.deadline > now) continue;
      this.watched.delete(w);
      this.release();
    }
    if (this.watched.size === 0 && this.watchTimer) {
      clearInterval(this.watchTimer);
      this.watchTimer = null;
    }
  }

  private release(): void {
    this.inFlight--;
    this.pump();
  }

  private pump(): void {
    const now = Date.now();
    this.tokens = Math.min(this.opts.perSecond, this.tokens + ((now - this.refilledAt) / 1000) * this.opts.perSecond);
    this.refilledAt = now;
    while (this.waiting.length > 0 && this.inFlight < this.opts.maxInFlight && this.tokens >= 1) {
      this.tokens--;
      this.inFlight++;
      this.waiting.shift()!();
    }
    // out of tokens with starts waiting: come back when the next token is there
    if (this.waiting.length > 0 && this.inFlight < this.opts.maxInFlight && !this.refillTimer) {
      const wait = Math.ceil(((1 - this.tokens) / this.opts.perSecond) * 1000);
      this.refillTimer = setTimeout(
        () => {
          this.refillTimer = null;
          this.pump();
        },
        Math.max(1, wait),
      );
    }
  }
}
