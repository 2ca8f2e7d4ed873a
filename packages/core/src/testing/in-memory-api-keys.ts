import { ConflictError } from "../errors";
import type { ApiKeyRecord, ApiKeyStore } from "../api-keys/ports";
import type { PageRequest, PageResult } from "../paging";
import { copy, paginate } from "./paging";

/**
 * API keys per tenant, oldest first, with a global unique index on the hash (the DynamoDB
 * adapter keeps a separate hash item written in the same transaction).
 */
export class InMemoryApiKeyStore implements ApiKeyStore {
  private readonly byTenant = new Map<string, Map<string, ApiKeyRecord>>();
  private readonly byHash = new Map<string, { tenantId: string; id: string }>();

  async create(key: ApiKeyRecord): Promise<void> {
    if (this.byTenant.get(key.tenantId)?.has(key.id)) throw new ConflictError(`api key ${key.id} already exists`);
    if (this.byHash.has(key.hash)) throw new ConflictError("an api key with this hash already exists");
    let keys = this.byTenant.get(key.tenantId);
    if (!keys) {
      keys = new Map();
      this.byTenant.set(key.tenantId, keys);
    }
    keys.set(key.id, copy(key));
    this.byHash.set(key.hash, { tenantId: key.tenantId, id: key.id });
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | null> {
    const ref = this.byHash.get(hash);
    const key = ref ? this.byTenant.get(ref.tenantId)?.get(ref.id) : undefined;
    return key ? copy(key) : null;
  }

  async get(tenantId: string, id: string): Promise<ApiKeyRecord | null> {
    const key = this.byTenant.get(tenantId)?.get(id);
    return key ? copy(key) : null;
  }

  async list(tenantId: string, page: PageRequest): Promise<PageResult<ApiKeyRecord>> {
    const all = [...(this.byTenant.get(tenantId)?.values() ?? [])].sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    const result = paginate(all, (k) => k.id, "asc", `api-keys:${tenantId}`, page);
    return { items: result.items.map(copy), nextCursor: result.nextCursor };
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const keys = this.byTenant.get(tenantId);
    const key = keys?.get(id);
    if (!keys || !key) return false;
    keys.delete(id);
    this.byHash.delete(key.hash);
    return true;
  }

  /** Never creates a key: touching a deleted or foreign key is a no-op. */
  async touch(tenantId: string, id: string, at: string): Promise<void> {
    const key = this.byTenant.get(tenantId)?.get(id);
    if (key) key.lastUsedAt = at;
  }
}
