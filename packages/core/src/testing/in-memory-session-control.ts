import type { FleetCommand, PlacementMessage, SessionStatus } from "@wharf/contracts";
import type { FleetViewSource, WorkerInfo } from "../fleet-view/ports";
import type { SessionRecord } from "../sessions/ports";
import type { AuthStateEraser, CommandRouter, SessionLinkRecord, SessionLinkStore } from "../session-control/ports";
import { copy } from "./paging";

/** The QR / pairing code shown per session, in memory. */
export class InMemorySessionLinkStore implements SessionLinkStore {
  readonly links = new Map<string, SessionLinkRecord>();

  async get(t: string, s: string): Promise<SessionLinkRecord | null> {
    const l = this.links.get(`${t}|${s}`);
    return l ? copy(l) : null;
  }
  async set(t: string, s: string, link: SessionLinkRecord): Promise<void> {
    this.links.set(`${t}|${s}`, copy(link));
  }
  async clear(t: string, s: string): Promise<void> {
    this.links.delete(`${t}|${s}`);
  }
}

/** Records which sessions had their stored credentials cleared. */
export class InMemoryAuthStateEraser implements AuthStateEraser {
  readonly cleared: Array<{ tenantId: string; sessionId: string }> = [];

  async clear(tenantId: string, sessionId: string): Promise<void> {
    this.cleared.push({ tenantId, sessionId });
  }
}

/**
 * Routes commands in memory: a session whose lease names an owner in `liveOwners` gets the
 * command in that owner's inbox; otherwise nothing is sent and placements are collected.
 */
export class InMemoryCommandRouter implements CommandRouter {
  readonly liveOwners = new Set<string>();
  readonly sent: Array<{ owner: string; sessionId: string; command: FleetCommand }> = [];
  readonly placements: PlacementMessage[] = [];

  async toOwner(session: SessionRecord, command: FleetCommand): Promise<boolean> {
    const owner = session.lease.owner;
    if (owner === null || !this.liveOwners.has(owner)) return false;
    this.sent.push({ owner, sessionId: session.id, command: copy(command) });
    return true;
  }
  async place(message: PlacementMessage): Promise<void> {
    this.placements.push(copy(message));
  }
}

/** What the admin fleet view reads, set directly by the test. */
export class InMemoryFleetViewSource implements FleetViewSource {
  workerList: WorkerInfo[] = [];
  counts: Partial<Record<SessionStatus, number>> = {};
  /** reconnect times, counted from `since` */
  reconnectTimes: Date[] = [];

  async workers(): Promise<WorkerInfo[]> {
    return this.workerList.map(copy);
  }
  async sessionCountsByStatus(): Promise<Partial<Record<SessionStatus, number>>> {
    return { ...this.counts };
  }
  async reconnectsSince(since: Date, now: Date): Promise<number> {
    return this.reconnectTimes.filter((t) => t >= since && t <= now).length;
  }
}
