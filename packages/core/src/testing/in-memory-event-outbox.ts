import type { EventOutbox, OutboxEntry } from "../events/outbox";
import { copy } from "./paging";

/** The event outbox in memory, with the adapter's ordering; `failing` makes every call throw. */
export class InMemoryEventOutbox implements EventOutbox {
  private readonly entries = new Map<string, OutboxEntry[]>();
  failing = false;

  async append(tenantId: string, sessionId: string, entry: OutboxEntry): Promise<void> {
    this.check();
    const list = this.entries.get(`${tenantId}|${sessionId}`) ?? [];
    if (!list.some((e) => e.seq === entry.seq)) list.push(copy(entry));
    list.sort((a, b) => (a.seq < b.seq ? -1 : 1));
    this.entries.set(`${tenantId}|${sessionId}`, list);
  }

  async oldest(tenantId: string, sessionId: string, limit: number): Promise<OutboxEntry[]> {
    this.check();
    return (this.entries.get(`${tenantId}|${sessionId}`) ?? []).slice(0, limit).map(copy);
  }

  async remove(tenantId: string, sessionId: string, seq: string): Promise<void> {
    this.check();
    const key = `${tenantId}|${sessionId}`;
    this.entries.set(
      key,
      (this.entries.get(key) ?? []).filter((e) => e.seq !== seq),
    );
  }

  /** sessions with entries (the sweep fake's index) */
  sessions(): Array<{ tenantId: string; sessionId: string }> {
    return [...this.entries.entries()]
      .filter(([, list]) => list.length > 0)
      .map(([key]) => {
        const [tenantId = "", sessionId = ""] = key.split("|");
        return { tenantId, sessionId };
      });
  }

  /** how many entries wait across all sessions (assertions) */
  size(): number {
    return [...this.entries.values()].reduce((n, l) => n + l.length, 0);
  }

  private check(): void {
    if (this.failing) throw new Error("outbox unavailable");
  }
}
