import { isWharfError } from "../errors";

/**
 * What a queue consumer does with a record whose handling failed (DESIGN §5):
 * - `poison`: retrying cannot help (a WharfError with retryable=false, e.g. a body that fails
 *   its schema); dead-letter it at once so it does not block its FIFO group for five receives.
 * - `retry`: a retryable WharfError, or anything unknown (an outage, a bug fixed by a deploy);
 *   hand it back to the queue, which redelivers and dead-letters it after maxReceiveCount.
 */
export type QueueFailureVerdict = "poison" | "retry";

export function classifyQueueFailure(err: unknown): QueueFailureVerdict {
  return isWharfError(err) && !err.retryable ? "poison" : "retry";
}

/** The error as recorded on a dead letter: stable code plus message, never a stack. */
export function deadLetterReason(err: unknown): { code: string; message: string } {
  if (isWharfError(err)) return { code: err.code, message: err.message };
  return { code: "internal", message: err instanceof Error ? err.message : String(err) };
}
