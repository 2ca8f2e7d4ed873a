import type { AuditEntry } from "@wharf/contracts";
import type { PageRequest, PageResult } from "../paging";

/** An audit entry as stored: the public entry plus when it may be forgotten. */
export interface AuditRecord extends AuditEntry {
  /** retention: the store drops the entry after this time (DynamoDB TTL) */
  expiresAt: string;
}

export interface AuditFilter {
  /** a key id, or "admin" */
  actor?: string;
  action?: string;
  /** inclusive bounds, ISO-8601 UTC with milliseconds */
  from?: string;
  to?: string;
}

/**
 * The tenant's audit log: one entry per mutating call. Adapters: DynamoDB in packages/aws,
 * in-memory in core/testing. Entries are never edited.
 */
export interface AuditLogStore {
  append(tenantId: string, entry: AuditRecord): Promise<void>;
  /** newest first; a page may hold fewer than `limit` entries when an actor or action filter is given */
  list(tenantId: string, filter: AuditFilter, page: PageRequest): Promise<PageResult<AuditEntry>>;
}
