export interface OpenShapingOptions {
  /** sockets between start and a settled status (open, qr, ended…) at once */
  maxInFlight?: number;
  /**
   * sockets still waiting for the server's hello at once, at most: each hello costs one task
   * ~17 ms of certificate checks, and hellos that arrive together run in one turn of the loop.
   * This window follows the lag too, never below 2 (a fast server answers every hello at once)
   */
  maxHandshakes?: number;
  /** socket starts per second (token bucket) */
  perSecond?: number;
  /** starts the bucket holds at most: small, so starts are spread over the loop's turns, not fired together */
  burst?: number;
  /** a start that never settles frees its slot after this long */
  settleTimeoutMs?: number;
  /** event-loop lag above which the window of starts in flight shrinks */
  targetLagMs?: number;
  /** the event loop's current lag in ms (default: the drift of the shaper's own timer) */
  lag?: () => number;
  /** the window's size before the loop has been watched (it then grows by one per calm tick) */
  initialWindow?: number;
  /** handshakes that proceed however late the loop is */
  minWindow?: number;
}

const WATCH_MS = 25;
const DEFAULTS: Required<Omit<OpenShapingOptions, "lag" | "burst">> = {
  maxInFlight: 128,
  maxHandshakes: 32,
  perSecond: 100,
  settleTimeoutMs: 15_000,
  targetLagMs: 40,
  // the window starts small and grows by one per calm watch tick (additive increase)
  initialWindow: 8,
  // a few handshakes always proceed: most of their time is network waits, and a loop lagging for other reasons must not stop opens
  minWindow: 4,
};
/** the window shrinks to this share of itself when the loop lags (multiplicative decrease), never below minWindow */
const BACK_OFF = 0.7;
/** the handshake window starts at its floor, halves when the loop lags (never below it) and grows by one per calm tick */
const MIN_HANDSHAKES = 2;
const INITIAL_HANDSHAKES = MIN_HANDSHAKES;

interface Watched {
  settled: () => boolean;
  /** still holds a handshake slot (waits for the server's hello) */
  shaking: boolean;
  deadline: number;
}

/**
 * Rate-shapes socket starts: a Baileys handshake (noise, login, key upload) costs CPU on the
 * worker's one event loop, so thousands started together stall every other socket for
 * seconds. A token bucket spaces the starts and a window bounds the handshakes in flight; a
 * start holds its slot until its session settles (checked on a short timer). The window
 * follows the event loop (AIMD): it grows while the loop keeps up and shrinks when it lags,
 * so starts go as fast as this machine allows without stalling the sockets already open.
 */
export class OpenShaper {
  private readonly opts: Required<Omit<OpenShapingOptions, "lag">>;
  private readonly lag: () => number;
  private window: number;
  /** starts that may wait for the server's hello at once (follows the lag like `window`) */
  private handshakeWindow: number;
  /** when the watch timer should have fired: its drift is the loop's lag */
  private tickDueAt = 0;
  private driftMs = 0;
  /** process CPU time (µs) at the last watch tick */
  private cpuAt = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly watched = new Set<Watched>();
  private inFlight = 0;
  /** starts holding a handshake slot */
  private handshakes = 0;
  private tokens: number;
  private refilledAt = Date.now();
  private refillTimer: NodeJS.Timeout | null = null;
  /** starts in this turn of the loop (reset by an immediate): a busy turn refills the bucket by time, this bounds it */
  private startedThisTurn = 0;
  private watchTimer: NodeJS.Timeout | null = null;

  constructor(opts: OpenShapingOptions = {}) {
    const { lag, ...rest } = opts;
    const perSecond = rest.perSecond ?? DEFAULTS.perSecond;
    // one watch tick's worth: a thousand claims arriving together start a few per turn
    const burst = rest.burst ?? Math.max(1, Math.ceil((perSecond * WATCH_MS) / 1000));
    this.opts = { ...DEFAULTS, ...rest, burst };
    this.lag = lag ?? (() => this.driftMs);
    this.window = Math.min(this.opts.initialWindow, this.opts.maxInFlight);
    this.handshakeWindow = Math.min(INITIAL_HANDSHAKES, this.opts.maxHandshakes);
    this.tokens = burst;
  }

  /** how many starts may be in flight now (follows the event loop's lag) */
  get allowed(): number {
    return this.window;
  }

  /** sockets started and not settled yet */
  get starting(): number {
    return this.inFlight;
  }

  /** starts waiting for the server's hello */
  get handshaking(): number {
    return this.handshakes;
  }

  /** how many starts may wait for the server's hello now (follows the event loop's lag) */
  get allowedHandshakes(): number {
    return this.handshakeWindow;
  }

  /**
   * Waits for a slot, runs `start`, and keeps the slot until `settled()` (or the timeout);
   * with `handshake`, also a handshake slot until the promise it returns settles.
   */
  async run(start: () => Promise<void>, settled: () => boolean, handshake?: () => Promise<void>): Promise<void> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
    try {
      await start();
    } catch (err) {
      this.handshakes--;
      this.release();
      throw err;
    }
    const w: Watched = { settled, shaking: true, deadline: Date.now() + this.opts.settleTimeoutMs };
    if (settled() || !handshake) this.shaken(w);
    // freed the moment the hello is in, not on the next watch tick: a late loop ticks rarely
    else void handshake().then(() => this.shaken(w));
    if (settled()) return this.release();
    this.watched.add(w);
    this.watch();
  }

  private shaken(w: Watched): void {
    if (!w.shaking) return;
    w.shaking = false;
    this.handshakes--;
    this.pump();
  }

  private watch(): void {
    if (this.watchTimer) return;
    const cpu = process.cpuUsage();
    this.cpuAt = cpu.user + cpu.system;
    this.tickDueAt = Date.now() + WATCH_MS;
    this.watchTimer = setInterval(() => this.sweep(), WATCH_MS).unref();
  }

  private sweep(): void {
    const now = Date.now();
    // the drift counts as this loop's lag by the share of the tick this process ran: a
    // process the OS kept waiting (a busy shared machine) does not stall itself
    const cpu = process.cpuUsage();
    const cpuMs = (cpu.user + cpu.system - this.cpuAt) / 1000;
    const wallMs = Math.max(1, now - (this.tickDueAt - WATCH_MS));
    this.driftMs = Math.max(0, now - this.tickDueAt) * Math.min(1, cpuMs / wallMs);
    this.cpuAt = cpu.user + cpu.system;
    this.tickDueAt = now + WATCH_MS;
    this.adapt();
    for (const w of this.watched) {
      if (!w.settled() && w.deadline > now) continue;
      this.watched.delete(w);
      this.shaken(w);
      this.release();
    }
    if (this.watched.size === 0 && this.waiting.length === 0 && this.watchTimer) {
      clearInterval(this.watchTimer);
      this.watchTimer = null;
    }
    this.pump();
  }

  /** one watch tick: shrink the window when the loop lags, grow it while the window is full and the loop keeps up */
  private adapt(): void {
    if (this.lag() > this.opts.targetLagMs) {
      this.window = Math.max(Math.min(this.opts.minWindow, this.opts.maxInFlight), Math.floor(this.window * BACK_OFF));
      this.handshakeWindow = Math.max(MIN_HANDSHAKES, Math.floor(this.handshakeWindow / 2));
      return;
    }
    if (this.inFlight >= this.window) this.window = Math.min(this.opts.maxInFlight, this.window + 1);
    if (this.handshakes >= this.handshakeWindow)
      this.handshakeWindow = Math.min(this.opts.maxHandshakes, this.handshakeWindow + 1);
  }

  private release(): void {
    this.inFlight--;
    this.pump();
  }

  private pump(): void {
    const now = Date.now();
    this.tokens = Math.min(this.opts.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.opts.perSecond);
    this.refilledAt = now;
    // while the loop is late only the floor proceeds: the window shrinks a tick later, but
    // slots freed meanwhile must not start a fresh burst of handshakes into a lagging loop
    const limit = this.lag() > this.opts.targetLagMs ? Math.min(this.window, this.opts.minWindow) : this.window;
    while (
      this.waiting.length > 0 &&
      this.inFlight < limit &&
      this.handshakes < this.handshakeWindow &&
      this.tokens >= 1
    ) {
      if (this.startedThisTurn >= this.opts.burst) return;
      if (this.startedThisTurn++ === 0)
        setImmediate(() => {
          this.startedThisTurn = 0;
          this.pump();
        });
      this.tokens--;
      this.inFlight++;
      // the handshake slot is taken now, so starts let in by this loop count before they run
      this.handshakes++;
      this.waiting.shift()!();
    }
    // out of tokens with starts waiting: come back when the next token is there
    if (this.waiting.length > 0 && this.inFlight < limit && !this.refillTimer) {
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
