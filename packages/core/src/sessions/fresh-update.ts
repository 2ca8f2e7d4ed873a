import type { Clock } from "../clock";
import { ConflictError, FencedError, NotFoundError } from "../errors";
import type { SessionPatch, SessionRecord, SessionStore } from "./ports";

/** How often a user's change is re-read and re-decided before the 409 conflict reaches them. */
export const FRESH_UPDATE_ATTEMPTS = 5;

export interface FreshUpdate {
  /** the session as `decide` saw it */
  before: SessionRecord;
  /** the session after the patch; `before` when `decide` chose no patch */
  after: SessionRecord;
}

/**
 * Reads the session, lets `decide` choose a patch from what it sees (or throw a state error,
 * or return null for no change) and saves it only if nothing changed in between. Workers write
 * the same item (status, health) at any time, so a lost race means read and decide again: the
 * user's request is judged on the newest state instead of failing with a conflict.
 */
export async function updateFromFresh(
  deps: { sessions: SessionStore; clock: Clock },
  tenantId: string,
  id: string,
  decide: (current: SessionRecord) => Omit<SessionPatch, "updatedAt"> | null,
): Promise<FreshUpdate> {
  for (let attempt = 1; ; attempt++) {
    const before = await deps.sessions.get(tenantId, id);
    if (!before) throw new NotFoundError("session", id);
    const patch = decide(before);
    if (!patch) return { before, after: before };
    try {
      const after = await deps.sessions.update(
        tenantId,
        id,
        { ...patch, updatedAt: deps.clock.now().toISOString() },
        { ifUpdatedAt: before.updatedAt },
      );
      if (!after) throw new NotFoundError("session", id);
      return { before, after };
    } catch (err) {
      const lostRace = err instanceof ConflictError && !(err instanceof FencedError);
      if (!lostRace || attempt >= FRESH_UPDATE_ATTEMPTS) throw err;
    }
  }
}
