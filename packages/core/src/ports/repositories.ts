import type { PageRequest, PageResult } from "./page";
import type { ApiKeyRecord, SessionRecord, TenantRecord } from "./records";

/**
 * Repository ports. Adapters: DynamoDB in packages/aws, in-memory in core/testing.
 * Every tenant-owned lookup takes the tenantId: a record of another tenant is simply absent.
 * Invalid cursors throw ValidationError; lost races throw ConflictError.
 */
export interface TenantRepository {
  /** throws ConflictError if the id exists */
  create(tenant: TenantRecord): Promise<void>;
  get(id: string): Promise<TenantRecord | null>;
  list(page: PageRequest): Promise<PageResult<TenantRecord>>;
}

export interface ApiKeyRepository {
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

export type SessionPatch = Partial<
  Pick<
    SessionRecord,
    "name" | "status" | "desiredState" | "phone" | "accountName" | "pacing" | "lastDisconnect" | "health"
  >
> & { updatedAt: string };

export interface SessionRepository {
  /** throws ConflictError if the id exists */
  create(session: SessionRecord): Promise<void>;
  get(tenantId: string, id: string): Promise<SessionRecord | null>;
  /** newest first */
  list(tenantId: string, page: PageRequest): Promise<PageResult<SessionRecord>>;
  /**
   * Applies the patch if the session exists (null otherwise). With `ifUpdatedAt`, applies only
   * if the stored updatedAt still equals it (optimistic concurrency), else ConflictError.
   */
  update(
    tenantId: string,
    id: string,
    patch: SessionPatch,
    opts?: { ifUpdatedAt?: string },
  ): Promise<SessionRecord | null>;
  /** returns false when there was nothing to delete; also removes the session's auth state */
  delete(tenantId: string, id: string): Promise<boolean>;
}
