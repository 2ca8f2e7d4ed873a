import { z } from "zod";
import type { ErrorCode } from "./errors";
import { OperationId } from "./ids";

/**
 * Session operations (request → owning worker → reply): verbs whose answer comes from
 * WhatsApp (is this number on WhatsApp, a profile picture URL, create a group). Each op is
 * one `defineOperation(name, params, result)`; the registries in operations-*.ts are merged
 * in operations.ts into the `session.operation` command and the `operation.completed` event.
 */

/** A JID the worker passes to Baileys as is (control normalized it). */
export const OperationJid = z.string().min(1).max(256);

/**
 * Machine words an operation fails with, and the API error each becomes. Ops may fail with a
 * word of their own (lowercase, underscores); an unlisted word is a 409 `invalid_state`.
 * - session_not_open: no open socket on the owner when the op ran
 * - operation_timeout: no answer in time (the owner died, or WhatsApp stayed silent); it may still have happened
 * - whatsapp_refused: WhatsApp answered with an error this list has no word for
 * - not_on_whatsapp: the number or JID has no WhatsApp account
 * - not_found / group_not_found: WhatsApp knows no such item / group
 * - not_a_member / not_admin: the account is not in the group / not one of its admins
 * - invite_invalid: no group has this invite code (revoked or mistyped)
 * - rate_limited: WhatsApp asked to slow down
 */
export const OPERATION_FAILURE_ERRORS = {
  session_not_open: "invalid_state",
  operation_timeout: "unavailable",
  whatsapp_refused: "invalid_state",
  not_on_whatsapp: "not_found",
  not_found: "not_found",
  group_not_found: "not_found",
  invite_invalid: "not_found",
  not_a_member: "forbidden",
  not_admin: "forbidden",
  forbidden: "forbidden",
  invalid_params: "validation_failed",
  rate_limited: "rate_limited",
} as const satisfies Record<string, ErrorCode>;
export type KnownOperationFailureCode = keyof typeof OPERATION_FAILURE_ERRORS;

/** The API error code for an operation's failure word. */
export function operationErrorCode(code: string): ErrorCode {
  return (OPERATION_FAILURE_ERRORS as Record<string, ErrorCode>)[code] ?? "invalid_state";
}

export const OperationFailureCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, { message: "lowercase machine word" })
  .describe("one of OPERATION_FAILURE_ERRORS' keys, or an op's own word");

export const OperationFailure = z
  .object({ ok: z.literal(false), code: OperationFailureCode, message: z.string().max(1000) })
  .strict();
export type OperationFailure = z.infer<typeof OperationFailure>;

/**
 * One op: its command part `{operationId, op, params}` and its completion part
 * `{operationId, op, outcome}` with the result typed per op.
 */
export function defineOperation<N extends string, P extends z.ZodTypeAny, R extends z.ZodTypeAny>(
  op: N,
  params: P,
  result: R,
) {
  return {
    op,
    params,
    result,
    request: z.object({ operationId: OperationId, op: z.literal(op), params }).strict(),
    completion: z
      .object({
        operationId: OperationId,
        op: z.literal(op),
        outcome: z.discriminatedUnion("ok", [z.object({ ok: z.literal(true), result }).strict(), OperationFailure]),
      })
      .strict(),
  };
}
export type OperationDefinition = ReturnType<typeof defineOperation<string, z.ZodTypeAny, z.ZodTypeAny>>;
