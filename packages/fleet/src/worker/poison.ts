import { classifyQueueFailure, deadLetterReason, type DeadLetterSink, type ReceivedMessage } from "@wharf/core";
import type { Logger } from "pino";

/** Where a worker's poison messages go: the queue's DLQ, or null where none is configured. */
export interface WorkerDeadLetters {
  placement: DeadLetterSink | null;
  inbox: DeadLetterSink | null;
}

export const NO_DEAD_LETTERS: WorkerDeadLetters = { placement: null, inbox: null };

/**
 * Settles a message whose handling failed (DESIGN §5). A poison message (its body fails its
 * schema, or a non-retryable error) goes to the DLQ at once with its reason and is deleted,
 * so it never blocks its FIFO group; without a DLQ it is logged as an error with that reason
 * and deleted. Anything else is left alone: it becomes visible again and is retried, and the
 * queue's redrive dead-letters it after its maximum receives.
 * Returns true when the message was settled here.
 */
export async function settleFailedMessage(opts: {
  err: unknown;
  message: ReceivedMessage;
  sourceQueue: string;
  sink: DeadLetterSink | null;
  remove: () => Promise<void>;
  logger: Logger;
}): Promise<boolean> {
  const { err, message: m } = opts;
  if (classifyQueueFailure(err) !== "poison") return false;
  const reason = deadLetterReason(err);
  const log = { messageId: m.messageId, receiveCount: m.receiveCount, code: reason.code, reason: reason.message };
  if (opts.sink) {
    await opts.sink.send({
      body: m.body,
      sourceQueue: opts.sourceQueue,
      sourceMessageId: m.messageId,
      ...(m.groupId ? { groupId: m.groupId } : {}),
      receiveCount: m.receiveCount,
      error: reason,
    });
    opts.logger.warn(log, "poison message dead-lettered");
  } else {
    opts.logger.error(log, "poison message deleted: no dead-letter queue is configured");
  }
  await opts.remove();
  return true;
}
