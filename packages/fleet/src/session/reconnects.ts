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

  constructor(private readonly deps: ReconnectTrackerDeps) {}

  opened(): void {
    this.deps.timers.set("stable", this.deps.stableOpenMs, () => {
      this.attempts = 0;
    });
  }

  /** What a close means; `linkStep` says a close completes a link (not a reconnect worth counting). */
  closed(error: Error | undefined, linkStep: (decision: ReconnectDecision) => boolean): SocketClosed {
    this.deps.timers.cancel("stable");
    const code = (error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;
    const now = this.deps.now();
    const decision = decideReconnect({ code, attempt: this.attempts, random: this.deps.random });
    this.attempts = decision.nextAttempt;
    const lastDisconnect = toDisconnectInfo(decision, now);
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
}
