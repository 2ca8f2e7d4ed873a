import { ConflictError } from "../errors";
import type { PageRequest, PageResult } from "../paging";
import type { SessionPatch, SessionRecord, SessionStore } from "../sessions/ports";
import { copy, paginate } from "./paging";

const PATCHABLE = [
  "name",
  "status",
  "desiredState",
  "phone",
  "accountName",
  "pacing",
  "lastDisconnect",
  "health",
  "updatedAt",
] as const satisfies ReadonlyArray<keyof SessionPatch>;
// Fails to compile when SessionPatch gains a field the fake would silently drop.
const _allPatchable: [Exclude<keyof SessionPatch, (typeof PATCHABLE)[number]>] extends [never] ? true : never = true;
void _allPatchable;

/** Sessions per tenant, listed newest first (descending time-ordered ids). */
export class InMemorySessionStore implements SessionStore {
  private readonly byTenant = new Map<string, Map<string, SessionRecord>>();

  async create(session: SessionRecord): Promise<void> {
    let sessions = this.byTenant.get(session.tenantId);
    if (sessions?.has(session.id)) throw new ConflictError(`session ${session.id} already exists`);
    if (!sessions) {
      sessions = new Map();
      this.byTenant.set(session.tenantId, sessions);
    }
    sessions.set(session.id, copy(session));
  }

  async get(tenantId: string, id: string): Promise<SessionRecord | null> {
    const s = this.byTenant.get(tenantId)?.get(id);
    return s ? copy(s) : null;
  }

  async list(tenantId: string, page: PageRequest): Promise<PageResult<SessionRecord>> {
    const all = [...(this.byTenant.get(tenantId)?.values() ?? [])].sort((a, b) =>
      a.id < b.id ? 1 : a.id > b.id ? -1 : 0,
    );
    const result = paginate(all, (s) => s.id, "desc", `sessions:${tenantId}`, page);
    return { items: result.items.map(copy), nextCursor: result.nextCursor };
  }

  async update(
    tenantId: string,
    id: string,
    patch: SessionPatch,
    opts: { ifUpdatedAt?: string } = {},
  ): Promise<SessionRecord | null> {
    const sessions = this.byTenant.get(tenantId);
    const current = sessions?.get(id);
    if (!sessions || !current) return null;
    if (opts.ifUpdatedAt !== undefined && current.updatedAt !== opts.ifUpdatedAt) {
      throw new ConflictError(`session ${id} was changed concurrently; reload and retry`, { retryable: true });
    }
    // Only the patchable fields, and only those given: undefined means "leave as is".
    const next: SessionRecord = { ...current };
    const given = <K extends keyof SessionPatch>(field: K) => {
      const value = patch[field];
      if (value !== undefined) (next as Pick<SessionRecord, K>)[field] = copy(value) as SessionRecord[K];
    };
    for (const field of PATCHABLE) given(field);
    sessions.set(id, next);
    return copy(next);
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    return this.byTenant.get(tenantId)?.delete(id) ?? false;
  }
}
