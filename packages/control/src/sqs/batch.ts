import { isWharfError } from "@wharf/core";
import type { SQSBatchResponse, SQSRecord } from "aws-lambda";
import type { Logger } from "pino";

/**
 * The one mapping from a failed SQS record to "retry" (DESIGN §2): the record is reported in
 * batchItemFailures, so SQS makes it visible again and, after the queue's maxReceiveCount,
 * moves it to the dead-letter queue. Nothing is dropped silently. On a FIFO queue the
 * records after a failure in the same message group are not processed and fail too, or
 * they would overtake it.
 */
export async function processSqsBatch(
  records: SQSRecord[],
  /** resolve "retry" to hand the record back without an error (e.g. a scheduled backoff) */
  handle: (record: SQSRecord) => Promise<void | "retry">,
  opts: { logger: Logger; fifo: boolean },
): Promise<SQSBatchResponse> {
  const failures = new Set<string>();
  const groups = new Map<string, SQSRecord[]>();
  for (const r of records) {
    const group = opts.fifo ? (r.attributes.MessageGroupId ?? "") : r.messageId;
    groups.set(group, [...(groups.get(group) ?? []), r]);
  }
  await Promise.all(
    [...groups.values()].map(async (group) => {
      let blocked = false;
      for (const r of group) {
        if (blocked) {
          failures.add(r.messageId);
          continue;
        }
        try {
          if ((await handle(r)) === "retry") {
            failures.add(r.messageId);
            blocked = opts.fifo;
          }
        } catch (err) {
          failures.add(r.messageId);
          blocked = opts.fifo;
          const code = isWharfError(err) ? err.code : "internal";
          opts.logger.error({ err, messageId: r.messageId, receiveCount: r.attributes.ApproximateReceiveCount, code }, "record failed; SQS retries it, then dead-letters");
        }
      }
    }),
  );
  return { batchItemFailures: records.filter((r) => failures.has(r.messageId)).map((r) => ({ itemIdentifier: r.messageId })) };
}
