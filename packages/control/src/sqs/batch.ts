import {
  classifyQueueFailure,
  deadLetterReason,
  decodeQueueBody,
  isWharfError,
  type DeadLetterSink,
} from "@wharf/core";
import type { SQSBatchResponse, SQSRecord } from "aws-lambda";
import type { Logger } from "pino";
import type { z } from "zod";

/** How a consumer reaches its queue's DLQ, given by the composition root. */
export interface SqsConsumerWiring {
  /** null where no DLQ is configured: a poison record is retried until SQS's redrive moves it */
  deadLetters: DeadLetterSink | null;
}

export interface SqsBatchOptions extends SqsConsumerWiring {
  logger: Logger;
  fifo: boolean;
  /** names the body in errors and dead-letter records, e.g. "event" */
  what: string;
  /**
   * FIFO: a record held back because an earlier one of its group failed. Without it the record
   * stays invisible for the queue's whole visibility timeout, and so does its group, however
   * short the failed record's own backoff (SQS returns several records of one group at once).
   */
  release?: (record: SQSRecord) => Promise<void>;
}

/** What handle answers: nothing when done, "retry" to hand the record back without an error (e.g. a scheduled backoff). */
export type RecordOutcome = void | "retry";

/**
 * The one SQS consumer shape and the one mapping from a failed record to retry or DLQ
 * (DESIGN §2, §5). Each body is parsed with its schema once, then handled:
 * - a body that fails its schema, or a handler error that is a WharfError with
 *   retryable=false, is poison: it goes to the DLQ at once (with the error on the record)
 *   and counts as processed, so it neither blocks its FIFO group nor comes back;
 * - a retryable or unknown error (or "retry") is reported in batchItemFailures: SQS hands
 *   it out again and, after maxReceiveCount, dead-letters it. If the DLQ send fails, the
 *   record is reported too: nothing is dropped.
 * On a FIFO queue the records after a reported failure in the same message group are not
 * handled and are reported as well, or they would overtake it.
 */
export async function processSqsBatch<S extends z.ZodType>(
  records: SQSRecord[],
  schema: S,
  handle: (body: z.output<S>, record: SQSRecord) => Promise<RecordOutcome>,
  opts: SqsBatchOptions,
): Promise<SQSBatchResponse> {
  const failures = new Set<string>();
  const groups = new Map<string, SQSRecord[]>();
  for (const r of records) {
    const group = opts.fifo ? (r.attributes.MessageGroupId ?? "") : r.messageId;
    groups.set(group, [...(groups.get(group) ?? []), r]);
  }

  async function processRecord(r: SQSRecord): Promise<"done" | "failed"> {
    try {
      const decoded = decodeQueueBody(r.body, schema, opts.what);
      if (!decoded.ok) throw decoded.error;
      return (await handle(decoded.value, r)) === "retry" ? "failed" : "done";
    } catch (err) {
      const log = {
        messageId: r.messageId,
        receiveCount: r.attributes.ApproximateReceiveCount,
        code: isWharfError(err) ? err.code : "internal",
      };
      if (classifyQueueFailure(err) === "poison" && (await deadLetter(r, err))) {
        opts.logger.warn({ err, ...log }, `poison ${opts.what}: moved to the dead-letter queue`);
        return "done";
      }
      opts.logger.error({ err, ...log }, "record failed; SQS retries it, then dead-letters");
      return "failed";
    }
  }

  async function deadLetter(r: SQSRecord, err: unknown): Promise<boolean> {
    if (!opts.deadLetters) return false;
    try {
      await opts.deadLetters.send({
        body: r.body,
        sourceQueue: r.eventSourceARN,
        sourceMessageId: r.messageId,
        ...(r.attributes.MessageGroupId ? { groupId: r.attributes.MessageGroupId } : {}),
        receiveCount: Number(r.attributes.ApproximateReceiveCount) || 1,
        error: deadLetterReason(err),
      });
      return true;
    } catch (sendErr) {
      opts.logger.error(
        { err: sendErr, messageId: r.messageId },
        "dead-letter send failed; the record is retried instead",
      );
      return false;
    }
  }

  await Promise.all(
    [...groups.values()].map(async (group) => {
      let blocked = false;
      const heldBack: SQSRecord[] = [];
      for (const r of group) {
        if (blocked) {
          failures.add(r.messageId);
          heldBack.push(r);
        } else if ((await processRecord(r)) === "failed") {
          failures.add(r.messageId);
          blocked = opts.fifo;
        }
      }
      // last first: an emulator that puts a released record back at the head of its group
      // (fauxqs) then keeps the line's order; SQS keeps it by sequence number either way
      for (const r of heldBack.reverse())
        await opts
          .release?.(r)
          .catch((err: unknown) =>
            opts.logger.warn(
              { err, messageId: r.messageId },
              "held-back record not released; it waits its visibility timeout",
            ),
          );
    }),
  );
  return {
    batchItemFailures: records.filter((r) => failures.has(r.messageId)).map((r) => ({ itemIdentifier: r.messageId })),
  };
}
