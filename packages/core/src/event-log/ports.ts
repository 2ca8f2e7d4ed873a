import type { EventLogEntry, EventLogType } from "@wharf/contracts";
import type { PageRequest, PageResult } from "../paging";

export interface EventLogFilter {
  sessionId?: string;
  type?: EventLogType;
}

/**
 * The tenant's recent events (`GET /v1/events`), kept for EVENT_LOG_RETENTION_DAYS. Not to be
 * confused with `EventLog`, the events consumer's applied-markers.
 */
export interface TenantEventStore {
  /** idempotent: appending the same entry (same id and time) again keeps one entry */
  append(tenantId: string, entry: EventLogEntry): Promise<void>;
  /** newest first; a page may hold fewer than `limit` entries when a type filter is given */
  list(tenantId: string, filter: EventLogFilter, page: PageRequest): Promise<PageResult<EventLogEntry>>;
}
