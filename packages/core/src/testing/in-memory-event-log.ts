import type { EventLogEntry } from "@wharf/contracts";
import type { EventLogFilter, TenantEventStore } from "../event-log/ports";
import type { PageRequest, PageResult } from "../paging";
import { copy, paginate } from "./paging";

/** The tenant event log in memory: newest first, same filters and cursor rules as the adapter. */
export class InMemoryTenantEventStore implements TenantEventStore {
  private readonly entries = new Map<string, EventLogEntry & { tenantId: string }>();

  async append(tenantId: string, entry: EventLogEntry): Promise<void> {
    this.entries.set(`${tenantId}|${entry.at}#${entry.id}`, { ...copy(entry), tenantId });
  }

  async list(tenantId: string, filter: EventLogFilter, page: PageRequest): Promise<PageResult<EventLogEntry>> {
    const key = (e: EventLogEntry) => `${e.at}#${e.id}`;
    const mine = [...this.entries.values()]
      .filter((e) => e.tenantId === tenantId)
      .filter(
        (e) =>
          (filter.sessionId === undefined || e.sessionId === filter.sessionId) &&
          (filter.type === undefined || e.type === filter.type),
      )
      .map(({ tenantId: _t, ...e }) => e as EventLogEntry)
      .sort((a, b) => (key(a) < key(b) ? 1 : -1));
    const res = paginate(mine, key, "desc", `${tenantId}|events|${filter.sessionId ?? ""}|${filter.type ?? ""}`, page);
    return { items: res.items.map(copy), nextCursor: res.nextCursor };
  }

  /** every entry of the tenant, newest first (assertions) */
  all(tenantId: string): EventLogEntry[] {
    return [...this.entries.values()]
      .filter((e) => e.tenantId === tenantId)
      .sort((a, b) => (`${a.at}#${a.id}` < `${b.at}#${b.id}` ? 1 : -1));
  }
}
