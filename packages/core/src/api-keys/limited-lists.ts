import type { EventLogEntry } from "@wharf/contracts";
import { ValidationError } from "../errors";
import { listTenantEvents, type EventLogDeps } from "../event-log/list";
import type { EventLogFilter } from "../event-log/ports";
import type { PageRequest, PageResult } from "../paging";
import type { SessionRecord, SessionStore } from "../sessions/ports";
import { canSeeSession, requireSessionVisible, type KeyAccess } from "./access";

/**
 * Lists as a session-limited key sees them: only its sessions, as if the tenant had no
 * others. Unlimited keys get the plain lists.
 */

const CURSOR_PREFIX = "lim1.";

function invalidCursor(): ValidationError {
  return new ValidationError("invalid cursor", [
    { path: "query.cursor", message: "is not a cursor returned by this list", code: "invalid_cursor" },
  ]);
}

/** The key's sessions, newest first (ids are ULIDs), read one by one: a limited key names at most 100. */
export async function listVisibleSessions(
  deps: { sessions: SessionStore },
  tenantId: string,
  page: PageRequest,
  access: KeyAccess,
): Promise<PageResult<SessionRecord>> {
  if (access.sessionIds === null) return deps.sessions.list(tenantId, page);
  let after: string | null = null;
  if (page.cursor !== undefined) {
    if (!page.cursor.startsWith(CURSOR_PREFIX)) throw invalidCursor();
    after = Buffer.from(page.cursor.slice(CURSOR_PREFIX.length), "base64url").toString("utf8");
    if (!access.sessionIds.includes(after)) throw invalidCursor();
  }
  const ids = [...access.sessionIds].sort().reverse();
  const rest = after === null ? ids : ids.filter((id) => id < after);
  const items: SessionRecord[] = [];
  let last: string | null = null;
  for (const id of rest) {
    if (items.length === page.limit) break;
    last = id;
    const session = await deps.sessions.get(tenantId, id);
    if (session) items.push(session);
  }
  const more = last !== null && rest.indexOf(last) < rest.length - 1;
  return {
    items,
    nextCursor: more && last !== null ? CURSOR_PREFIX + Buffer.from(last, "utf8").toString("base64url") : null,
  };
}

/**
 * The event log as the key may see it. Without a session filter a limited key with several
 * sessions gets the tenant's pages filtered down to its sessions (a page may be short; follow
 * nextCursor, as with the type filter).
 */
export async function listVisibleEvents(
  deps: EventLogDeps,
  tenantId: string,
  filter: EventLogFilter,
  page: PageRequest,
  access: KeyAccess,
): Promise<PageResult<EventLogEntry>> {
  if (access.sessionIds === null) return listTenantEvents(deps, tenantId, filter, page);
  if (filter.sessionId !== undefined) requireSessionVisible(access, filter.sessionId);
  const only = access.sessionIds.length === 1 ? access.sessionIds[0] : undefined;
  // one session: read its index directly (no 404 if it was deleted since the key was made)
  const res =
    filter.sessionId === undefined && only !== undefined
      ? await deps.eventLog.list(tenantId, { ...filter, sessionId: only }, page)
      : await listTenantEvents(deps, tenantId, filter, page);
  return {
    items: res.items.filter((e) => e.sessionId !== null && canSeeSession(access, e.sessionId)),
    nextCursor: res.nextCursor,
  };
}
