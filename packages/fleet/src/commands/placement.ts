import type { ConnectMethod, PlacementMessage, PlacementReason } from "@wharf/contracts";
import { newId } from "@wharf/core";

/** A "session needs an owner" message for the Placement queue. */
export function placementMessage(
  input: { tenantId: string; sessionId: string; epoch: number; reason: PlacementReason; connect?: ConnectMethod | undefined },
  now: Date,
): PlacementMessage {
  return {
    id: newId("command", now.getTime()),
    type: "session.place",
    v: 1,
    tenantId: input.tenantId,
    sessionId: input.sessionId,
    epoch: input.epoch,
    at: now.toISOString(),
    data: { reason: input.reason, ...(input.connect ? { connect: input.connect } : {}) },
  };
}
