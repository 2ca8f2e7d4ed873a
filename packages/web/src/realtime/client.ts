import { isApiError } from "../api/http";
import type { RealtimeToken } from "../api/types";
import { parseFrame, type Frame } from "./frames";

/** The part of the browser WebSocket the client uses, so tests can hand in a fake. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/**
 * idle → connecting → open; a lost socket goes to reconnecting (with backoff) and back to open.
 * `unavailable`: the server has no realtime endpoint (the UI polls instead and retries slowly).
 */
export type RealtimeState = "idle" | "connecting" | "open" | "reconnecting" | "unavailable" | "stopped";

export interface BackoffOptions {
  baseMs: number;
  factor: number;
  maxMs: number;
  jitterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, factor: 2, maxMs: 30_000, jitterMs: 1000 };

export interface RealtimeClientOptions {
  mintToken: () => Promise<RealtimeToken>;
  /** Used when the token response names no URL. */
  fallbackUrl: string;
  createSocket?: (url: string) => SocketLike;
  backoff?: Partial<BackoffOptions>;
  random?: () => number;
  /** How often to look again for a realtime endpoint the server did not have. */
  unavailableRetryMs?: number;
  /** Keeps idle connections from hitting API Gateway's 10-minute idle timeout. */
  pingIntervalMs?: number;
}

type FrameListener = (frame: Frame) => void;
type StateListener = (state: RealtimeState) => void;

const SEEN_FRAME_IDS = 500;

/** Delay before reconnect attempt `attempt` (1-based): exponential, capped, plus jitter. */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * opts.factor ** Math.max(0, attempt - 1));
  return Math.round(exp + random() * opts.jitterMs);
}

export function withToken(url: string, token: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}`;
}

/**
 * One realtime connection per signed-in tab: mints a short-lived token, opens the WebSocket,
 * reconnects with backoff (a fresh token each time), drops duplicate frames by id and tells
 * `onResync` listeners after a reconnect so they can refetch what they may have missed.
 */
export class RealtimeClient {
  private state: RealtimeState = "idle";
  private running = false;
  private socket: SocketLike | null = null;
  private generation = 0;
  private attempts = 0;
  private everOpened = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private readonly seen = new Set<string>();
  private readonly seenOrder: string[] = [];
  private readonly frameListeners = new Set<FrameListener>();
  private readonly stateListeners = new Set<StateListener>();
  private readonly resyncListeners = new Set<() => void>();
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly createSocket: (url: string) => SocketLike;

  constructor(private readonly opts: RealtimeClientOptions) {
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.random = opts.random ?? Math.random;
    this.createSocket = opts.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  }

  getState(): RealtimeState {
    return this.state;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempts = 0;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, "client stopped");
    this.setState("stopped");
  }

  /** Skip the backoff wait (browser came back online, user pressed retry). */
  reconnectNow(): void {
    if (!this.running || this.state === "open" || this.state === "connecting") return;
    this.clearTimers();
    void this.connect();
  }

  subscribe(listener: FrameListener): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onState(listener: StateListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.setState(this.attempts === 0 && !this.everOpened ? "connecting" : "reconnecting");
    let token: RealtimeToken;
    try {
      token = await this.opts.mintToken();
    } catch (err) {
      if (gen !== this.generation || !this.running) return;
      if (isApiError(err) && err.isUnavailable) {
        this.setState("unavailable");
        this.retryTimer = setTimeout(() => void this.connect(), this.opts.unavailableRetryMs ?? 60_000);
      } else if (isApiError(err) && (err.status === 401 || err.status === 403)) {
        // The key is gone: the HTTP layer signs the user out; nothing to reconnect to.
        this.stop();
      } else {
        this.scheduleReconnect();
      }
      return;
    }
    if (gen !== this.generation || !this.running) return;

    const socket = this.createSocket(withToken(token.url ?? this.opts.fallbackUrl, token.token));
    this.socket = socket;
    socket.onopen = () => {
      if (gen !== this.generation) return;
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempts = 0;
      this.setState("open");
      this.startPing(socket);
      if (reconnected) for (const l of this.resyncListeners) l();
    };
    socket.onmessage = (ev) => {
      if (gen !== this.generation || typeof ev.data !== "string") return;
      const frame = parseFrame(ev.data);
      if (!frame || this.isDuplicate(frame.id)) return;
      for (const l of this.frameListeners) l(frame);
    };
    socket.onerror = () => {
      // The close event follows and drives the reconnect.
    };
    socket.onclose = () => {
      if (gen !== this.generation) return;
      this.socket = null;
      this.clearTimers();
      if (this.running) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    this.attempts++;
    this.setState("reconnecting");
    this.retryTimer = setTimeout(() => void this.connect(), backoffDelay(this.attempts, this.backoff, this.random));
  }

  private startPing(socket: SocketLike): void {
    const every = this.opts.pingIntervalMs ?? 4 * 60_000;
    this.pingTimer = setInterval(() => {
      try {
        socket.send(JSON.stringify({ action: "ping" }));
      } catch {
        // a closing socket: onclose handles it
      }
    }, every);
  }

  private isDuplicate(id: string): boolean {
    if (this.seen.has(id)) return true;
    this.seen.add(id);
    this.seenOrder.push(id);
    if (this.seenOrder.length > SEEN_FRAME_IDS) this.seen.delete(this.seenOrder.shift()!);
    return false;
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
  }

  private setState(state: RealtimeState): void {
    if (state === this.state) return;
    this.state = state;
    for (const l of this.stateListeners) l(state);
  }
}
