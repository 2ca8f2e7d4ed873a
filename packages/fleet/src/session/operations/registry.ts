import type { WASocket } from "@whiskeysockets/baileys";
import {
  OPERATIONS,
  type OperationCompletion,
  type OperationName,
  type OperationParams,
  type OperationResult,
  type SessionOperationCommand,
} from "@wharf/contracts";
import type { Logger } from "pino";
import type { FleetEventInput } from "../message-events";
import { CONTACT_HANDLERS } from "./contacts";
import { OperationFailedError, operationFailureOf } from "./errors";
import { GROUP_HANDLERS } from "./groups";

/** What a handler gets: the open socket. */
export interface OperationContext {
  sock: WASocket;
}

export type OperationHandler<N extends OperationName> = (
  ctx: OperationContext,
  params: OperationParams<N>,
) => Promise<OperationResult<N>>;

export type OperationHandlers = { [N in OperationName]?: OperationHandler<N> };

/** Every op's handler, one file per concern (add yours here). */
const HANDLERS: OperationHandlers = { ...CONTACT_HANDLERS, ...GROUP_HANDLERS };

/** How long one op may take on the socket; past it the op fails `operation_timeout`. */
export const OPERATION_CALL_TIMEOUT_MS = 20_000;

export interface OperationRunContext {
  socket(): WASocket | null;
  isOpen(): boolean;
  emit(event: FleetEventInput): void | Promise<void>;
  logger: Logger;
  timeoutMs?: number;
}

/**
 * Runs one `session.operation` on the session's socket and publishes `operation.completed`
 * with the op's typed result or a failure word. Never throws: every outcome is published.
 */
export async function runSessionOperation(ctx: OperationRunContext, cmd: SessionOperationCommand): Promise<void> {
  const { operationId, op } = cmd.data;
  const outcome = await attempt(ctx, cmd.data.op, cmd.data.params);
  const log = { operationId, op, ok: outcome.ok, ...(outcome.ok ? {} : { code: outcome.code }) };
  ctx.logger.info(log, "operation completed");
  await ctx.emit({
    type: "operation.completed",
    data: { operationId, op, outcome } as OperationCompletion,
    requestId: cmd.requestId,
  });
}

async function attempt(
  ctx: OperationRunContext,
  op: OperationName,
  params: unknown,
): Promise<OperationCompletion["outcome"]> {
  const sock = ctx.socket();
  if (!sock || !ctx.isOpen())
    return { ok: false, code: "session_not_open", message: "the session is not connected to WhatsApp" };
  const handler = HANDLERS[op] as OperationHandler<OperationName> | undefined;
  if (!handler) return { ok: false, code: "unsupported_operation", message: `this worker cannot run ${op}` };
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new OperationFailedError("operation_timeout", "WhatsApp did not answer in time")),
        ctx.timeoutMs ?? OPERATION_CALL_TIMEOUT_MS,
      );
    });
    const result = await Promise.race([handler({ sock }, params as never), timeout]);
    const checked = OPERATIONS[op].result.safeParse(result);
    if (!checked.success) {
      ctx.logger.warn({ op, issues: checked.error.issues.length }, "operation result does not match its schema");
      return { ok: false, code: "whatsapp_refused", message: "WhatsApp's answer could not be understood" };
    }
    return { ok: true, result: checked.data } as OperationCompletion["outcome"];
  } catch (err) {
    return { ok: false, ...operationFailureOf(err, ctx.isOpen()) };
  } finally {
    clearTimeout(timer);
  }
}
