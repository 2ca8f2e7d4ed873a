import { z } from "zod";
import { SessionId, TenantId } from "./ids";

/** Realtime frame types the dashboard receives over the WebSocket (DESIGN §5). */
export const REALTIME_FRAME_TYPES = [
  "connection:qr",
  "connection:status",
  "connection:error",
  "message:new",
  "message:status",
] as const;
export const RealtimeFrameType = z.enum(REALTIME_FRAME_TYPES);
export type RealtimeFrameType = z.infer<typeof RealtimeFrameType>;

/** Envelope of every frame; `data` is typed per frame type by the data-path capability. */
export const RealtimeFrameEnvelope = z.object({
  v: z.literal(1),
  type: RealtimeFrameType,
  id: z.string().describe("id of the event that produced this frame, for client de-duplication"),
  tenantId: TenantId,
  sessionId: SessionId,
  at: z.string().datetime(),
  data: z.unknown(),
});
export type RealtimeFrameEnvelope = z.infer<typeof RealtimeFrameEnvelope>;
