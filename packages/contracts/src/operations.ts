import { z } from "zod";
import { defineCommand, defineEvent } from "./envelope";
import { OperationId } from "./ids";
import { CONTACT_OPERATIONS } from "./operations-contacts";
import { GROUP_OPERATIONS } from "./operations-groups";
import { OperationFailure } from "./operations-kit";

/**
 * Every session operation, merged from the registries (one file per concern: add yours to
 * ALL_OPERATIONS). The command goes control → the owner's Inbox.fifo; the event comes back
 * on Events.fifo and settles the operation record control waits on.
 */
const ALL_OPERATIONS = [...CONTACT_OPERATIONS, ...GROUP_OPERATIONS] as const;

type AnyOperation = (typeof ALL_OPERATIONS)[number];
export type OperationName = AnyOperation["op"];
export const OPERATION_NAMES = ALL_OPERATIONS.map((o) => o.op) as [OperationName, ...OperationName[]];
export const OperationName = z.enum(OPERATION_NAMES);

/** The definition (params and result schemas) of each op by name. */
export const OPERATIONS = Object.fromEntries(ALL_OPERATIONS.map((o) => [o.op, o])) as {
  [N in OperationName]: Extract<AnyOperation, { op: N }>;
};

export type OperationParams<N extends OperationName> = z.infer<(typeof OPERATIONS)[N]["params"]>;
export type OperationResult<N extends OperationName> = z.infer<(typeof OPERATIONS)[N]["result"]>;

export const OperationRequest = z.discriminatedUnion(
  "op",
  ALL_OPERATIONS.map((o) => o.request) as unknown as [AnyOperation["request"], ...AnyOperation["request"][]],
);
export type OperationRequest = z.infer<typeof OperationRequest>;

export const OperationCompletion = z.discriminatedUnion(
  "op",
  ALL_OPERATIONS.map((o) => o.completion) as unknown as [AnyOperation["completion"], ...AnyOperation["completion"][]],
);
export type OperationCompletion = z.infer<typeof OperationCompletion>;
export type OperationOutcome = OperationCompletion["outcome"];

export const SessionOperationCommand = defineCommand("session.operation", OperationRequest);
export type SessionOperationCommand = z.infer<typeof SessionOperationCommand>;

export const OperationCompletedEvent = defineEvent("operation.completed", OperationCompletion);
export type OperationCompletedEvent = z.infer<typeof OperationCompletedEvent>;

/** REST: an operation as `GET /v1/sessions/{id}/operations/{operationId}` shows it. */
export const OPERATION_STATUSES = ["pending", "succeeded", "failed"] as const;
export const Operation = z
  .object({
    id: OperationId,
    sessionId: z.string(),
    op: OperationName,
    status: z.enum(OPERATION_STATUSES),
    /** the op's typed result once succeeded */
    result: z.unknown().nullable(),
    /** why it failed (`operation_timeout` when no answer came in time) */
    failure: OperationFailure.omit({ ok: true }).nullable(),
    createdAt: z.string().datetime(),
    settledAt: z.string().datetime().nullable(),
  })
  .strict();
export type Operation = z.infer<typeof Operation>;

/** REST: the 202 an operation verb answers when WhatsApp's answer took longer than the wait. */
export const OperationPending = z.object({ operationId: OperationId, status: z.literal("pending") }).strict();
export type OperationPending = z.infer<typeof OperationPending>;
