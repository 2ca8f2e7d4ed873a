import { z } from "zod";
import { defineEvent } from "./envelope";
import { DisconnectInfo, SessionStatus } from "./sessions";

/** One schema per event type. Later capabilities add theirs to `FleetEvent`. */
export const SessionStatusEvent = defineEvent(
  "session.status",
  z.object({
    status: SessionStatus,
    phone: z.string().nullable().optional(),
    disconnect: DisconnectInfo.nullable().optional(),
  }).strict(),
);
export type SessionStatusEvent = z.infer<typeof SessionStatusEvent>;

export const FleetEvent = z.discriminatedUnion("type", [SessionStatusEvent]);
export type FleetEvent = z.infer<typeof FleetEvent>;
export type FleetEventType = FleetEvent["type"];
