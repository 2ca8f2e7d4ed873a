import type { FleetEvent } from "@wharf/contracts";
import type { Clock } from "../clock";
import type { EventOutbox } from "../events/outbox";
import type { QueueSender } from "../queues/ports";
import type { FleetLogger } from "./ports";

/** A session that has entries in its event outbox. */
export interface OutboxSession {
  tenantId: string;
  sessionId: string;
}

/**
 * What the sweep needs beyond the outbox itself (DynamoDB adapter in packages/aws). The fence
 * is the session's lease epoch while no live owner holds it: a removal commits only if the
 * lease is still lapsed at that epoch, so once a new owner claims the session (and replays
 * the same outbox itself) the sweep stops.
 */
export interface OutboxSweepStore {
  /** sessions with outbox entries (any order; a session may repeat across calls) */
  sessionsWithEntries(limit: number): Promise<OutboxSession[]>;
  /** the lapsed lease's epoch (0 when never owned or the session is gone); null while an owner's lease is live */
  unownedEpoch(session: OutboxSession, now: Date): Promise<number | null>;
  /** removes a published entry if the lease is still lapsed at `epoch`; false when an owner took over */
  removeIfUnowned(session: OutboxSession, seq: string, epoch: number, now: Date): Promise<boolean>;
}

export interface OutboxSweepDeps {
  outbox: EventOutbox;
  store: OutboxSweepStore;
  events: QueueSender<FleetEvent>;
  clock: Clock;
  logger: FleetLogger;
  /** sessions looked at per run (default 100) */
  sessionsPerRun?: number;
}

const BATCH = 25;

/**
 * Publishes, oldest first, the outbox entries of sessions no live worker owns (an owner died
 * and nobody took the session again: logged out, disconnected, or waiting for capacity).
 * Each entry is sent before it is removed, with its event id as the deduplication id, and
 * removed only under the lapsed-lease fence. A new owner that claims the session meanwhile
 * replays the same outbox in the same order: the sweep's removal then fails and it stops, and
 * an entry both sent is one event (Events.fifo deduplication, the consumer's applied-event
 * markers). Nothing is removed unsent, so nothing is lost.
 */
export async function sweepUnownedOutboxes(deps: OutboxSweepDeps): Promise<number> {
  let sessions: OutboxSession[];
  try {
    sessions = await deps.store.sessionsWithEntries(deps.sessionsPerRun ?? 100);
  } catch (err) {
    deps.logger.warn({ err }, "outbox sweep could not list sessions; next run retries");
    return 0;
  }
  let published = 0;
  const seen = new Set<string>();
  for (const session of sessions) {
    const key = `${session.tenantId}|${session.sessionId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      published += await sweepSession(deps, session);
    } catch (err) {
      deps.logger.warn({ err, sessionId: session.sessionId }, "outbox sweep of a session failed; next run retries");
    }
  }
  if (published > 0) deps.logger.info({ published }, "published outbox entries of sessions nobody owns");
  return published;
}

async function sweepSession(deps: OutboxSweepDeps, session: OutboxSession): Promise<number> {
  const epoch = await deps.store.unownedEpoch(session, deps.clock.now());
  if (epoch === null) return 0; // its owner replays it
  let published = 0;
  for (;;) {
    const batch = await deps.outbox.oldest(session.tenantId, session.sessionId, BATCH);
    if (batch.length === 0) return published;
    for (const entry of batch) {
      await deps.events.send(entry.event, { groupId: entry.event.sessionId, deduplicationId: entry.event.id });
      if (!(await deps.store.removeIfUnowned(session, entry.seq, epoch, deps.clock.now()))) return published;
      published++;
    }
  }
}
