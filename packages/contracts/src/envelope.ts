import { z } from "zod";
import { CommandId, EventId, SessionId, TenantId } from "./ids";

/**
 * Commands (control → fleet) and events (fleet → control) travel in one envelope.
 * `v` is the schema version of `data` for that `type`; a consumer rejects versions it
 * does not know instead of guessing. `epoch` is the session lease's fencing token.
 */
const envelopeBase = {
  v: z.literal(1),
  tenantId: TenantId,
  sessionId: SessionId,
  epoch: z.number().int().nonnegative(),
  at: z.string().datetime(),
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
};
