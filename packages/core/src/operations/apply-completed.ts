import type { OperationCompletedEvent } from "@wharf/contracts";
import type { ApplyOutcome } from "../events/apply";
import type { OperationStore } from "./ports";

/**
 * The events consumer's part: the owner's answer settles the pending record the API waits on.
 * Not framed or webhooked: the caller gets it from the API. A late answer (after the timeout
 * settled it) or one for a forgotten record changes nothing.
 */
export async function applyOperationCompleted(
  operations: OperationStore | undefined,
  event: OperationCompletedEvent,
  settledAt: string,
): Promise<ApplyOutcome> {
  if (!operations) return "ignored";
  const d = event.data;
  const settled = await operations.settle(
    event.tenantId,
    event.sessionId,
    d.operationId,
    d.outcome.ok
      ? { status: "succeeded", result: d.outcome.result, failure: null, settledAt }
      : { status: "failed", result: null, failure: { code: d.outcome.code, message: d.outcome.message }, settledAt },
  );
  return settled ? "applied" : "ignored";
}
