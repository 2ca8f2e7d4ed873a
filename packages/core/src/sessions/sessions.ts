import { DEFAULT_PACING, type CreateSessionBody, type UpdateSessionBody } from "@wharf/contracts";
import type { Clock } from "../clock";
import { NotFoundError } from "../errors";
import { newId } from "../ids";
import type { PageRequest, PageResult } from "../paging";
import { updateFromFresh } from "./fresh-update";
import type { SessionRecord, SessionStore } from "./ports";

export interface SessionDeps {
  sessions: SessionStore;
  clock: Clock;
}

export async function createSession(
  deps: SessionDeps,
  tenantId: string,
  input: CreateSessionBody,
): Promise<SessionRecord> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const session: SessionRecord = {
    id: newId("session", now.getTime()),
    tenantId,
    name: input.name,
    status: "created",
    desiredState: "disconnected",
    phone: null,
    accountName: null,
    pacing: { ...DEFAULT_PACING, ...input.pacing },
    lastDisconnect: null,
    health: { lastConnectedAt: null, lastMessageAt: null, reconnectCount: 0, reconnectsLast5m: 0 },
    lease: { owner: null, epoch: 0, leaseUntil: null },
    createdAt: at,
    updatedAt: at,
  };
  await deps.sessions.create(session);
  return session;
}

export async function getSession(deps: SessionDeps, tenantId: string, id: string): Promise<SessionRecord> {
  const s = await deps.sessions.get(tenantId, id);
  if (!s) throw new NotFoundError("session", id);
  return s;
}

export function listSessions(
  deps: SessionDeps,
  tenantId: string,
  page: PageRequest,
): Promise<PageResult<SessionRecord>> {
  return deps.sessions.list(tenantId, page);
}

export async function updateSession(
  deps: SessionDeps,
  tenantId: string,
  id: string,
  input: UpdateSessionBody,
): Promise<SessionRecord> {
  const { after } = await updateFromFresh(deps, tenantId, id, (current) => ({
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.pacing !== undefined ? { pacing: { ...current.pacing, ...input.pacing } } : {}),
  }));
  return after;
}

/**
 * Deletes the session record and its auth state. Unlinking a live socket is the fleet's
 * job (a later capability routes a logout command first); the record goes either way.
 */
export async function deleteSession(deps: SessionDeps, tenantId: string, id: string): Promise<void> {
  if (!(await deps.sessions.delete(tenantId, id))) throw new NotFoundError("session", id);
}
