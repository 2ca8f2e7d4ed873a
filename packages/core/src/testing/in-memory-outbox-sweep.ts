import type { OutboxSession, OutboxSweepStore } from "../fleet/outbox-sweep";
import type { InMemoryEventOutbox } from "./in-memory-event-outbox";

interface Lease {
  owner: string | null;
  until: number;
  epoch: number;
}

/** The sweep's store over an in-memory outbox, with leases set by the test (`lease`). */
export class InMemoryOutboxSweepStore implements OutboxSweepStore {
  private readonly leases = new Map<string, Lease>();

  constructor(private readonly outbox: InMemoryEventOutbox) {}

  /** sets a session's lease as an owner's claim would */
  lease(session: OutboxSession, owner: string | null, until: Date, epoch: number): void {
    this.leases.set(key(session), { owner, until: until.getTime(), epoch });
  }

  async sessionsWithEntries(limit: number): Promise<OutboxSession[]> {
    return this.outbox.sessions().slice(0, limit);
  }

  async unownedEpoch(session: OutboxSession, now: Date): Promise<number | null> {
    const l = this.leases.get(key(session));
    if (l?.owner && l.until >= now.getTime()) return null;
    return l?.epoch ?? 0;
  }

  async removeIfUnowned(session: OutboxSession, seq: string, epoch: number, now: Date): Promise<boolean> {
    if ((await this.unownedEpoch(session, now)) !== epoch) return false;
    await this.outbox.remove(session.tenantId, session.sessionId, seq);
    return true;
  }
}

const key = (s: OutboxSession) => `${s.tenantId}|${s.sessionId}`;
