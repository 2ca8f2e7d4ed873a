import type { PlanName } from "@wharf/contracts";
import { ConflictError } from "../errors";
import type { PageRequest, PageResult } from "../paging";
import type { TenantRecord, TenantStore } from "../tenants/ports";
import { copy, paginate } from "./paging";

/** Tenants listed oldest first (ids are time-ordered ULIDs). */
export class InMemoryTenantStore implements TenantStore {
  private readonly byId = new Map<string, TenantRecord>();

  async create(tenant: TenantRecord): Promise<void> {
    if (this.byId.has(tenant.id)) throw new ConflictError(`tenant ${tenant.id} already exists`);
    this.byId.set(tenant.id, copy(tenant));
  }

  async get(id: string): Promise<TenantRecord | null> {
    const t = this.byId.get(id);
    return t ? copy(t) : null;
  }

  async list(page: PageRequest): Promise<PageResult<TenantRecord>> {
    const all = [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const result = paginate(all, (t) => t.id, "asc", "tenants", page);
    return { items: result.items.map(copy), nextCursor: result.nextCursor };
  }

  async setPlan(id: string, plan: PlanName): Promise<TenantRecord | null> {
    const t = this.byId.get(id);
    if (!t) return null;
    t.plan = plan;
    return copy(t);
  }

  /** test helper: how many tenants are stored */
  get size(): number {
    return this.byId.size;
  }
}
