import { FleetEvent, type DisconnectInfo, type SessionStatus } from "@wharf/contracts";
import { newId } from "../ids";
import type { QueueSender } from "../queues/ports";
import type { FleetLogger, OrphanedSession, OrphanStatusWriter } from "./ports";

export const OWNER_LOST_REASON = "owner_lost";
const OWNER_LOST_MESSAGE = "No fleet worker holds this session; it will reconnect when one is free";

/** Final states stay as they are: showing them `reconnecting` would promise what will not happen. */
const KEPT: ReadonlySet<SessionStatus> = new Set(["logged_out", "failed"]);

/** An orphan had an owner (epoch > 0) and is not already shown as lost. */
export function needsOwnerLostStatus(o: OrphanedSession): boolean {
  if (o.epoch === 0 || KEPT.has(o.status)) return false;
  return !(o.status === "reconnecting" && o.lastDisconnectReason === OWNER_LOST_REASON);
}

export function ownerLostDisconnect(now: Date): DisconnectInfo {
  return { code: null, reason: OWNER_LOST_REASON, message: OWNER_LOST_MESSAGE, at: now.toISOString() };
}

/** The `session.status` event a worker would send, at the orphan's epoch (the events consumer drops it once a new owner claimed). */
export function ownerLostEvent(o: OrphanedSession, disconnect: DisconnectInfo, now: Date): FleetEvent {
  return FleetEvent.parse({
    id: newId("event", now.getTime()),
    type: "session.status",
    v: 1,
    tenantId: o.tenantId,
    sessionId: o.sessionId,
    epoch: o.epoch,
    at: now.toISOString(),
    data: { status: "reconnecting", disconnect },
  });
}

/**
 * Shows each orphan whose owner is gone as `reconnecting` / `owner_lost`. The event is sent
 * first: if the conditional write then fails, a new owner claimed and the event is stale at
 * the consumer; if the run dies between the two, the next run sends it again (at least once).
 */
export async function markOwnersLost(
  deps: { orphanStatus: OrphanStatusWriter; events: QueueSender<FleetEvent>; logger: FleetLogger },
  orphans: OrphanedSession[],
  now: Date,
): Promise<number> {
  let marked = 0;
  for (const o of orphans) {
    if (!needsOwnerLostStatus(o)) continue;
    const disconnect = ownerLostDisconnect(now);
    const event = ownerLostEvent(o, disconnect, now);
    await deps.events.send(event, { groupId: o.sessionId, deduplicationId: event.id });
    if (await deps.orphanStatus.markOwnerLost(o, disconnect, now)) marked++;
    else
      deps.logger.info(
        { sessionId: o.sessionId, epoch: o.epoch },
        "orphan was claimed meanwhile: status left to its owner",
      );
  }
  return marked;
}
