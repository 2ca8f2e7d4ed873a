import { z } from "zod";
import { CommandId, EventId, SessionId, TenantId } from "./ids";

/** An API request id as the API accepts and echoes it (x-request-id): short and safe to log. */
export const RequestId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);

/**
 * Commands (control → fleet) and events (fleet → control) travel in one envelope.
 * `v` is the schema version of `data` for that `type`; a consumer rejects versions it
 * does not know instead of guessing. `epoch` is the session lease's fencing token.
 * `requestId` is the API request a command came from, and an event that command caused:
 * optional, so messages without it (older producers, the janitor, WhatsApp) still parse.
 */
const envelopeBase = {
  v: z.literal(1),
  tenantId: TenantId,
  sessionId: SessionId,
  epoch: z.number().int().nonnegative(),
  at: z.string().datetime(),
  requestId: RequestId.optional(),
};

export function defineEvent<T extends string, D extends z.ZodTypeAny>(type: T, data: D) {
  return z.object({ id: EventId, type: z.literal(type), ...envelopeBase, data }).strict();
}

export function defineCommand<T extends string, D extends z.ZodTypeAny>(type: T, data: D) {
  return z.object({ id: CommandId, type: z.literal(type), ...envelopeBase, data }).strict();
}

export type EnvelopeMeta = {
  id: string;
  v: 1;
  tenantId: string;
  sessionId: string;
  epoch: number;
  at: string;
  requestId?: string;
};
