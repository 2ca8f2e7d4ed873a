import type { ConnectMethod, FleetCommand, PlacementMessage, PlacementReason } from "@wharf/contracts";
import { newId } from "../ids";
import type { SessionRecord } from "../sessions/ports";
import type { CommandRouter } from "./ports";

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

/** A "session needs an owner" message for the Placement queue (control and janitor alike). */
export function placementMessage(
  input: {
    tenantId: string;
    sessionId: string;
    epoch: number;
    reason: PlacementReason;
    connect?: ConnectMethod | undefined;
  },
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

export function buildPlacement(
  session: Pick<SessionRecord, "tenantId" | "id" | "lease">,
  reason: PlacementReason,
  now: Date,
  connect?: ConnectMethod,
): PlacementMessage {
  return placementMessage(
    { tenantId: session.tenantId, sessionId: session.id, epoch: session.lease.epoch, reason, connect },
    now,
  );
}

/**
 * The router for one API request: every command and placement it sends carries the request
 * id, so the worker's logs, the events the command causes and their webhooks can be traced
 * back to the request. The core verbs stay unaware of it.
 */
export function withRequestId(router: CommandRouter, requestId: string | undefined): CommandRouter {
  if (!requestId) return router;
  return {
    toOwner: (session, command, now) => router.toOwner(session, { ...command, requestId }, now),
    place: (message) => router.place({ ...message, requestId }),
  };
}
