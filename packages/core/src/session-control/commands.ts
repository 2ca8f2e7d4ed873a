import type { ConnectMethod, FleetCommand, PlacementMessage, PlacementReason } from "@wharf/contracts";
import { newId } from "../ids";
import type { SessionRecord } from "../ports";

type CommandOf<T extends FleetCommand["type"]> = Extract<FleetCommand, { type: T }>;

/** A command envelope for `session`, stamped with the epoch the API saw. */
export function buildCommand<T extends FleetCommand["type"]>(
  type: T,
  session: Pick<SessionRecord, "tenantId" | "id" | "lease">,
  data: CommandOf<T>["data"],
  now: Date,
  id: string = newId("command", now.getTime()),
): CommandOf<T> {
  return {
    id,
    type,
    v: 1,
    tenantId: session.tenantId,
    sessionId: session.id,
    epoch: session.lease.epoch,
    at: now.toISOString(),
    data,
  } as CommandOf<T>;
}

export function buildPlacement(
  session: Pick<SessionRecord, "tenantId" | "id" | "lease">,
  reason: PlacementReason,
  now: Date,
  connect?: ConnectMethod,
): PlacementMessage {
  return {
    id: newId("command", now.getTime()),
    type: "session.place",
    v: 1,
    tenantId: session.tenantId,
    sessionId: session.id,
    epoch: session.lease.epoch,
    at: now.toISOString(),
    data: { reason, ...(connect ? { connect } : {}) },
  };
}
