import type { ApiKeyScope } from "@wharf/contracts";
import type { PageRequest, PageResult } from "../paging";

/** An API key as stored. The REST shape in contracts is a projection of it. */
export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  /** visible prefix of the secret, for identification in lists */
  prefix: string;
  /** hex SHA-256 of the whole secret; the secret itself is never stored */
  hash: string;
  /** null: full access, every scope present and future (keys stored before scopes existed read as null) */
  scopes: ApiKeyScope[] | null;
  /** null: every session of the tenant; otherwise the only sessions the key can see */
  sessionIds: string[] | null;
  createdAt: string;
  lastUsedAt: string | null;
}

/**
 * API key store port. Adapters: DynamoDB in packages/aws, in-memory in core/testing.
 * Every tenant-owned lookup takes the tenantId: a record of another tenant is simply absent.
 * Invalid cursors throw ValidationError; lost races throw ConflictError.
 */
export interface ApiKeyStore {
  /** throws ConflictError if the id or hash exists */
  create(key: ApiKeyRecord): Promise<void>;
  findByHash(hash: string): Promise<ApiKeyRecord | null>;
  get(tenantId: string, id: string): Promise<ApiKeyRecord | null>;
  list(tenantId: string, page: PageRequest): Promise<PageResult<ApiKeyRecord>>;
  /** returns false when there was nothing to delete */
  delete(tenantId: string, id: string): Promise<boolean>;
  /** best effort, may be throttled by the adapter */
  touch(tenantId: string, id: string, at: string): Promise<void>;
}
