import "@hono/zod-openapi";
import { OperationPending, type OperationName } from "@wharf/contracts";
import {
  OPERATION_TIMEOUT_MS,
  OPERATION_WAIT_MS,
  withRequestId,
  type OperationAnswer,
  type OperationDeps,
} from "@wharf/core";
import type { Context } from "hono";
import type { z } from "zod";
import type { AppDeps, DataPathDeps, TenantEnv } from "../env";
import { errorResponses, jsonResponse } from "../schemas/openapi";

/**
 * What every session-operation route shares (contacts, profile, groups): the core deps for one
 * request (its commands carry the request id), the 200/202 answer, and the documented responses.
 */
export const OperationPendingSchema = OperationPending.clone().openapi("OperationPending");

export function operationDeps(deps: AppDeps, data: DataPathDeps): OperationDeps {
  return {
    sessions: deps.repos.sessions,
    operations: data.operations,
    commands: data.commands,
    clock: deps.clock,
    waitMs: data.operationWaitMs ?? OPERATION_WAIT_MS,
    timeoutMs: data.operationTimeoutMs ?? OPERATION_TIMEOUT_MS,
  };
}

/** The deps for one request: the command it sends names the request id. */
export function tracedOperationDeps(base: OperationDeps, c: Context<TenantEnv>): OperationDeps {
  return { ...base, commands: withRequestId(base.commands, c.get("requestId")) };
}

/** 200 with the op's result, or 202 `{operationId, status:"pending"}` when the wait ran out. */
export function operationResponse<N extends OperationName>(c: Context<TenantEnv>, a: OperationAnswer<N>) {
  return a.status === "succeeded"
    ? c.json(a.result as never, 200)
    : c.json({ operationId: a.operationId, status: "pending" } as never, 202);
}

/** The documented responses of an operation route whose result is `schema`. */
export function operationResponses<T extends z.ZodType>(what: string, schema: T) {
  return {
    200: jsonResponse(what, schema),
    202: jsonResponse("WhatsApp has not answered within the wait: read the operation later", OperationPendingSchema),
    ...errorResponses("invalid_state", "rate_limited", "unavailable"),
  };
}
