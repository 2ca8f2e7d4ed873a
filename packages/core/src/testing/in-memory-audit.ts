import type { AuditEntry } from "@wharf/contracts";
import { actorIdOf } from "../audit/audit";
import type { AuditFilter, AuditLogStore, AuditRecord } from "../audit/ports";
import type { PageRequest, PageResult } from "../paging";
import { copy, paginate } from "./paging";

/** The audit log in memory: newest first, same filters and cursor rules as the adapter. */
export class InMemoryAuditLogStore implements AuditLogStore {
  private readonly entries: Array<AuditRecord & { tenantId: string }> = [];
  /** set to make every append fail (tests of what a lost write does) */
  failAppends: Error | null = null;

  async append(tenantId: string, entry: AuditRecord): Promise<void> {
    if (this.failAppends) throw this.failAppends;
    this.entries.push({ ...copy(entry), tenantId });
  }

  async list(tenantId: string, filter: AuditFilter, page: PageRequest): Promise<PageResult<AuditEntry>> {
    const key = (e: AuditEntry) => `${e.at}#${e.id}`;
    const mine = this.entries
      .filter((e) => e.tenantId === tenantId)
      .filter(
        (e) =>
          (filter.actor === undefined || actorIdOf(e.actor) === filter.actor) &&
          (filter.action === undefined || e.action === filter.action) &&
          (filter.from === undefined || e.at >= filter.from) &&
          (filter.to === undefined || e.at <= filter.to),
      )
      .map(({ tenantId: _t, expiresAt: _e, ...e }) => e as AuditEntry)
      .sort((a, b) => (key(a) < key(b) ? 1 : -1));
    const scope = `${tenantId}|audit|${filter.actor ?? ""}|${filter.action ?? ""}|${filter.from ?? ""}|${filter.to ?? ""}`;
    const res = paginate(mine, key, "desc", scope, page);
    return { items: res.items.map(copy), nextCursor: res.nextCursor };
  }

  /** every stored record of the tenant, oldest first (assertions) */
  all(tenantId: string): AuditRecord[] {
    return this.entries.filter((e) => e.tenantId === tenantId).map(({ tenantId: _t, ...e }) => copy(e));
  }
}
