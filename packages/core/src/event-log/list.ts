import type { EventLogEntry } from "@wharf/contracts";
import { NotFoundError } from "../errors";
import type { PageRequest, PageResult } from "../paging";
import type { SessionStore } from "../sessions/ports";
import type { EventLogFilter, TenantEventStore } from "./ports";

export interface EventLogDeps {
  eventLog: TenantEventStore;
  sessions: SessionStore;
}

/**
 * The tenant's events, newest first. A session filter must name one of the tenant's own
 * sessions: another tenant's id is a 404, like everywhere else in the API.
 */
export async function listTenantEvents(
  deps: EventLogDeps,
  tenantId: string,
  filter: EventLogFilter,
  page: PageRequest,
): Promise<PageResult<EventLogEntry>> {
  if (filter.sessionId !== undefined && !(await deps.sessions.get(tenantId, filter.sessionId))) {
    throw new NotFoundError("session", filter.sessionId);
  }
  return deps.eventLog.list(tenantId, filter, page);
}
