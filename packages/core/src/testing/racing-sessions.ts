import type { SessionPatch, SessionRecord } from "../sessions/ports";
import { InMemorySessionStore } from "./in-memory-sessions";

/**
 * A session store where another writer (a worker's status or health write, say) saves
 * `writerPatch` right after each of the next `races` reads, with a new updatedAt each time:
 * what a read-then-conditional-save by the API can lose to.
 */
export class RacingSessionStore extends InMemorySessionStore {
  races = 0;
  writerPatch: Omit<SessionPatch, "updatedAt"> = {};
  /** how many writes the other writer has made */
  raced = 0;

  override async get(tenantId: string, id: string): Promise<SessionRecord | null> {
    const s = await super.get(tenantId, id);
    if (s && this.races > 0) {
      this.races--;
      this.raced++;
      const updatedAt = new Date(Date.UTC(2030, 1, 1) + this.raced * 1000).toISOString();
      await super.update(tenantId, id, { ...this.writerPatch, updatedAt });
    }
    return s;
  }
}
