import {
  OPERATIONS,
  operationErrorCode,
  type Operation,
  type OperationName,
  type OperationParams,
  type OperationResult,
} from "@wharf/contracts";
import type { Clock } from "../clock";
import { NotFoundError, UnavailableError, WharfError } from "../errors";
import { newId } from "../ids";
import type { SessionStore } from "../sessions/ports";
import { getSession } from "../sessions/sessions";
import { canSendMessages } from "../sessions/status-machine";
import { buildCommand } from "../session-control/commands";
import { sessionStateError } from "../session-control/control";
import type { CommandRouter } from "../session-control/ports";
import type { OperationRecord, OperationStore } from "./ports";

/**
 * Session operations (request → owner → reply): store a pending record, send
 * `session.operation` to the session's owner, wait (bounded) for the events consumer to
 * settle the record from `operation.completed`. A record nobody settles by its deadline is
 * settled as `operation_timeout` by the next reader, so nothing stays pending.
 */
export interface OperationDeps {
  sessions: SessionStore;
  operations: OperationStore;
  commands: CommandRouter;
  clock: Clock;
  /** how long a verb waits for the answer before answering 202 pending */
  waitMs: number;
  /** after this, a pending operation is failed with operation_timeout */
  timeoutMs: number;
}

export const OPERATION_RECORD_TTL_MS = 60 * 60 * 1000;
export const OPERATION_WAIT_MS = 10_000;
export const OPERATION_TIMEOUT_MS = 60_000;

export type OperationAnswer<N extends OperationName> =
  | { status: "succeeded"; operationId: string; result: OperationResult<N> }
  | { status: "pending"; operationId: string };

/** The API error for a failed operation: the worker's word in the details, mapped to a status. */
export function operationError(failure: { code: string; message: string }): WharfError {
  return new WharfError(operationErrorCode(failure.code), failure.message, {
    details: [{ path: "operation", message: failure.message, code: failure.code }],
  });
}

export async function runOperation<N extends OperationName>(
  deps: OperationDeps,
  tenantId: string,
  sessionId: string,
  op: N,
  params: OperationParams<N>,
): Promise<OperationAnswer<N>> {
  const session = await getSession(deps, tenantId, sessionId);
  if (!canSendMessages(session.status))
    throw sessionStateError(
      "session_not_open",
      session.status,
      "the session is not connected to WhatsApp; connect it and wait for status open",
    );
  // a bug in control, not the caller's input: the command would be poison for the worker
  OPERATIONS[op].params.parse(params);
  const now = deps.clock.now();
  const id = newId("operation", now.getTime());
  const record: OperationRecord = {
    tenantId,
    sessionId,
    id,
    op,
    status: "pending",
    result: null,
    failure: null,
    createdAt: now.toISOString(),
    settledAt: null,
    deadlineAt: new Date(now.getTime() + deps.timeoutMs).toISOString(),
    expiresAt: new Date(now.getTime() + OPERATION_RECORD_TTL_MS).toISOString(),
  };
  await deps.operations.create(record);
  const command = buildCommand("session.operation", session, { operationId: id, op, params } as never, now);
  let routed: boolean;
  try {
    routed = await deps.commands.toOwner(session, command, now);
  } catch (err) {
    await fail(deps, record, "enqueue_failed", "the command queue was unavailable");
    throw new UnavailableError("the command queue is unavailable; nothing was sent, retry shortly", 5, err);
  }
  if (!routed) {
    await fail(deps, record, "session_not_open", "no worker owned the session");
    throw sessionStateError(
      "session_not_open",
      "reconnecting",
      "the session is between workers right now; retry in a few seconds",
    );
  }
  const settled = await deps.operations.waitSettled(tenantId, sessionId, id, deps.waitMs);
  if (!settled || settled.status === "pending") return { status: "pending", operationId: id };
  if (settled.status === "failed")
    throw operationError(settled.failure ?? { code: "whatsapp_refused", message: "failed" });
  return { status: "succeeded", operationId: id, result: settled.result as OperationResult<N> };
}

async function fail(deps: OperationDeps, record: OperationRecord, code: string, message: string): Promise<void> {
  const settledAt = deps.clock.now().toISOString();
  await deps.operations.settle(record.tenantId, record.sessionId, record.id, {
    status: "failed",
    result: null,
    failure: { code, message },
    settledAt,
  });
}

/** `GET …/operations/{operationId}`: the record, settled as `operation_timeout` once past its deadline. */
export async function getOperation(
  deps: Pick<OperationDeps, "sessions" | "operations" | "clock">,
  tenantId: string,
  sessionId: string,
  operationId: string,
): Promise<Operation> {
  await getSession(deps, tenantId, sessionId);
  let record = await deps.operations.get(tenantId, sessionId, operationId);
  if (!record) throw new NotFoundError("operation", operationId);
  const now = deps.clock.now();
  if (record.status === "pending" && Date.parse(record.deadlineAt) <= now.getTime()) {
    await fail(
      deps as OperationDeps,
      record,
      "operation_timeout",
      "no answer from WhatsApp in time; it may still have happened",
    );
    record = (await deps.operations.get(tenantId, sessionId, operationId)) ?? record;
  }
  return presentOperation(record);
}

export function presentOperation(r: OperationRecord): Operation {
  return {
    id: r.id as Operation["id"],
    sessionId: r.sessionId,
    op: r.op,
    status: r.status,
    result: r.status === "succeeded" ? r.result : null,
    failure: r.failure,
    createdAt: r.createdAt,
    settledAt: r.settledAt,
  };
}
