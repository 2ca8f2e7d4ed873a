import { z } from "zod";
import { SessionId, TenantId, WorkerId } from "./ids";

export const SESSION_STATUSES = [
  "created",
  "connecting",
  "qr",
  "pairing",
  "open",
  "reconnecting",
  "disconnected",
  "logged_out",
  "failed",
] as const;
export const SessionStatus = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatus>;

// The facts about statuses that core (state machine, API verbs), fleet and the dashboard share.
/** A worker holds, or is about to hold, a socket for the session. */
export const SOCKET_ACTIVE_STATUSES = [
  "connecting",
  "qr",
  "pairing",
  "open",
  "reconnecting",
] as const satisfies readonly SessionStatus[];
/** Idle statuses: a connect is allowed (an active session is already on its way). */
export const CONNECTABLE_STATUSES = [
  "created",
  "disconnected",
  "logged_out",
  "failed",
] as const satisfies readonly SessionStatus[];
/** Linking: a QR or pairing code is on screen, or about to be. */
export const LINKING_STATUSES = ["connecting", "qr", "pairing"] as const satisfies readonly SessionStatus[];
/** A QR or pairing code is on screen, waiting for the phone. */
export const LINK_CODE_STATUSES = ["qr", "pairing"] as const satisfies readonly SessionStatus[];

const isIn = (statuses: readonly SessionStatus[]) => (status: SessionStatus) => statuses.includes(status);
export const isSocketActive: (status: SessionStatus) => boolean = isIn(SOCKET_ACTIVE_STATUSES);
export const isConnectable: (status: SessionStatus) => boolean = isIn(CONNECTABLE_STATUSES);
export const isLinking: (status: SessionStatus) => boolean = isIn(LINKING_STATUSES);
export const showsLinkCode: (status: SessionStatus) => boolean = isIn(LINK_CODE_STATUSES);

export const DesiredState = z.enum(["connected", "disconnected"]);
export type DesiredState = z.infer<typeof DesiredState>;

export const SessionName = z.string().trim().min(1).max(100);

/** Anti-ban pacing, enforced by the owning worker. */
const pacingFields = {
  messagesPerMinute: z.number().int().min(1).max(600),
  burst: z.number().int().min(1).max(100),
  dailyCap: z.number().int().min(1).max(100_000),
  typingSimulation: z.boolean(),
};
export const PacingSettings = z
  .object({
    messagesPerMinute: pacingFields.messagesPerMinute.default(20),
    burst: pacingFields.burst.default(5),
    dailyCap: pacingFields.dailyCap.default(1000),
    typingSimulation: pacingFields.typingSimulation.default(false),
  })
  .strict();
/** Partial pacing in request bodies: no defaults, so an update never resets unnamed fields. */
export const PacingPatch = z.object(pacingFields).partial().strict();
export type PacingPatch = z.infer<typeof PacingPatch>;
export type PacingSettings = z.infer<typeof PacingSettings>;
export const DEFAULT_PACING: PacingSettings = PacingSettings.parse({});

export const CreateSessionBody = z.object({ name: SessionName, pacing: PacingPatch.optional() }).strict();
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;

export const UpdateSessionBody = z
  .object({ name: SessionName.optional(), pacing: PacingPatch.optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.pacing !== undefined, { message: "nothing to update: give name or pacing" });
export type UpdateSessionBody = z.infer<typeof UpdateSessionBody>;

export const SessionHealth = z.object({
  lastConnectedAt: z.string().datetime().nullable(),
  lastMessageAt: z.string().datetime().nullable(),
  reconnectCount: z.number().int().nonnegative(),
  reconnectsLast5m: z.number().int().nonnegative(),
});
export type SessionHealth = z.infer<typeof SessionHealth>;

export const DisconnectInfo = z.object({
  code: z.number().int().nullable().describe("Baileys DisconnectReason / WhatsApp status code"),
  reason: z.string().describe("machine word, e.g. logged_out, connection_replaced"),
  message: z.string().describe("plain words for people"),
  at: z.string().datetime(),
});
export type DisconnectInfo = z.infer<typeof DisconnectInfo>;

export const Session = z.object({
  id: SessionId,
  tenantId: TenantId,
  name: z.string(),
  status: SessionStatus,
  desiredState: DesiredState,
  phone: z.string().nullable().describe("linked account's phone (E.164 digits) once open"),
  accountName: z.string().max(256).nullable().describe("the linked account's display name (push name) once open"),
  pacing: PacingSettings,
  lastDisconnect: DisconnectInfo.nullable(),
  health: SessionHealth,
  owner: WorkerId.nullable().describe("worker holding the lease, if any"),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
});
export type Session = z.infer<typeof Session>;
