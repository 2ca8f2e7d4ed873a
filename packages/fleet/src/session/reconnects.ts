import type { DisconnectInfo, SessionUnstableEvent } from "@wharf/contracts";
import { decideReconnect, toDisconnectInfo, type ReconnectDecision, type WorkerCounters } from "@wharf/core";
import type { Logger } from "pino";
import type { HealthTracker } from "./health";
import type { TimerBag } from "./timers";

export interface ReconnectTrackerDeps {
  random: () => number;
  now: () => Date;
  /** open this long → attempts reset */
  stableOpenMs: number;
  timers: TimerBag;
  health: () => HealthTracker;
  logger: Logger;
  /** counts every reconnect for the worker's report (the reconnect-storm alarm) */
  counters?: Pick<WorkerCounters, "reconnected"> | undefined;
}

/** Closes without a status code in a row (no open between) before the session ends `failed`. */
export const MAX_CRASHES = 3;
/** reason words of closes Wharf classifies itself (Baileys gave no status code) */
export const CRASHED = "connection_crashed";
export const NOT_AUTHENTICATED = "not_authenticated";

export interface SocketClosed {
  decision: ReconnectDecision;
  /** the policy retries (backoff, 515, fresh QR); otherwise the session ends */
  retrying: boolean;
  lastDisconnect: DisconnectInfo;
  /** set when this reconnect made the session unstable (once per window) */
  unstable: SessionUnstableEvent["data"] | null;
}

/**
 * Reconnect bookkeeping of one session (DESIGN §4): the attempt count the backoff grows with,
 * reset once a socket stayed open for stableOpenMs, and the reconnects that make it unstable.
 */
export class ReconnectTracker {
  private attempts = 0;
  /** closes without a status code since the last open */
  private crashes = 0;
  /** opens without a linked account since the last real open */
  private unlinkedOpens = 0;

  constructor(private readonly deps: ReconnectTrackerDeps) {}

  opened(): void {
    this.crashes = 0;
    this.unlinkedOpens = 0;
    this.deps.timers.set("stable", this.deps.stableOpenMs, () => {
      this.attempts = 0;
    });
  }

  /** What a close means; `linkStep` says a close completes a link (not a reconnect worth counting). */
  closed(error: Error | undefined, linkStep: (decision: ReconnectDecision) => boolean): SocketClosed {
    this.deps.timers.cancel("stable");
    const code = (error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;
    const now = this.deps.now();
    const decision =
      code === undefined
        ? this.crashed(error)
        : decideReconnect({ code, attempt: this.attempts, random: this.deps.random });
    this.attempts = decision.nextAttempt;
    const lastDisconnect = {
      ...toDisconnectInfo(decision, now),
      ...(code === undefined ? { reason: CRASHED } : {}),
    };
    this.deps.logger.info(
      { code: decision.code, reason: decision.reason, action: decision.action, attempt: this.attempts },
      "socket closed",
    );
    const retrying = decision.action === "reconnect" || decision.action === "restart_fresh";
    const health = this.deps.health();
    let unstable: SocketClosed["unstable"] = null;
    if (retrying && !linkStep(decision)) {
      this.deps.counters?.reconnected();
      if (health.reconnected(now)) {
        const { reconnectsLast5m, reconnectCount } = health.snapshot(now);
        unstable = { reconnectsLast5m, reconnectCount, lastDisconnect };
      }
    }
    return { decision, retrying, lastDisconnect, unstable };
  }

  /**
   * A close without a status code is Baileys failing, not WhatsApp answering (e.g. a login with
   * creds that name no account). The next socket starts at once and its creds are checked
   * first (SocketSlot), so bad creds become a fresh link; a few in a row end the session `failed`.
   */
  private crashed(error: Error | undefined): ReconnectDecision {
    this.crashes++;
    const what = (error?.message ?? "no error").slice(0, 200);
    const base = { code: null, reason: "unknown" as const, clearAuth: false, delayMs: 0 };
    if (this.crashes >= MAX_CRASHES) {
      return {
        ...base,
        action: "give_up",
        status: "failed",
        nextAttempt: this.attempts,
        message: `The connection failed ${this.crashes} times in a row without a status code (last: ${what}). Connect again to link afresh.`,
      };
    }
    return {
      ...base,
      action: "reconnect",
      status: "reconnecting",
      nextAttempt: this.attempts + 1,
      message: `The connection failed without a status code (${what}). Retrying at once with checked creds.`,
    };
  }

  /**
   * The server opened the socket but Baileys holds no account (`creds.me.id`): never `open`.
   * The creds are thrown away and the session links afresh; a server that keeps doing it
   * ends the session `failed` with the reason.
   */
  unlinkedOpen(): { decision: ReconnectDecision; lastDisconnect: DisconnectInfo } {
    this.deps.timers.cancel("stable");
    this.unlinkedOpens++;
    const giveUp = this.unlinkedOpens >= MAX_CRASHES;
    const decision: ReconnectDecision = {
      code: null,
      reason: "unknown",
      clearAuth: true,
      delayMs: 0,
      action: giveUp ? "give_up" : "restart_fresh",
      status: giveUp ? "failed" : "connecting",
      nextAttempt: giveUp ? this.attempts : this.attempts + 1,
      message: giveUp
        ? `The server opened the connection without a linked account ${this.unlinkedOpens} times in a row. Check the WhatsApp Web server, then connect again.`
        : "The server opened the connection without a linked account. Linking afresh with a new QR code.",
    };
    this.attempts = decision.nextAttempt;
    this.deps.logger.warn({ action: decision.action, times: this.unlinkedOpens }, "socket opened without an account");
    return { decision, lastDisconnect: { ...toDisconnectInfo(decision, this.deps.now()), reason: NOT_AUTHENTICATED } };
  }
}
