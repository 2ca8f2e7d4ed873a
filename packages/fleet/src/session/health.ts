import type { SessionHealth } from "@wharf/contracts";
import { pruneReconnects, recordReconnect } from "@wharf/core";

/** Health counters of one session (DESIGN §4); the reconnect window lives in memory only. */
export class HealthTracker {
  private reconnects: number[] = [];
  private health: SessionHealth;

  constructor(initial: SessionHealth) {
    this.health = { ...initial };
  }

  connected(now: Date): void {
    this.health.lastConnectedAt = now.toISOString();
  }

  message(now: Date): void {
    this.health.lastMessageAt = now.toISOString();
  }

  /** Counts one reconnect; true when this one made the session unstable (emit once). */
  reconnected(now: Date): boolean {
    const window = recordReconnect(this.reconnects, now);
    this.reconnects = window.timestamps;
    this.health.reconnectCount += 1;
    this.health.reconnectsLast5m = window.count;
    return window.becameUnstable;
  }

  snapshot(now: Date): SessionHealth {
    this.reconnects = pruneReconnects(this.reconnects, now);
    return { ...this.health, reconnectsLast5m: this.reconnects.length };
  }
}
