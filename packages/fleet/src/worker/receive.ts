import { ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { ReceivedMessage } from "@wharf/core";

/**
 * A long poll that a drain can cut short (the SQS client takes an AbortSignal; SqsQueue's
 * receive does not). An aborted poll returns no messages rather than throwing.
 */
export async function receiveMessages(
  sqs: SQSClient,
  queueUrl: string,
  opts: { max: number; waitSeconds: number; visibilityTimeoutSeconds?: number; signal?: AbortSignal },
): Promise<ReceivedMessage[]> {
  if (opts.signal?.aborted) return [];
  try {
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(Math.max(opts.max, 1), 10),
        WaitTimeSeconds: Math.min(Math.max(opts.waitSeconds, 0), 20),
        ...(opts.visibilityTimeoutSeconds !== undefined ? { VisibilityTimeout: opts.visibilityTimeoutSeconds } : {}),
        MessageSystemAttributeNames: ["ApproximateReceiveCount", "MessageGroupId"],
      }),
      opts.signal ? { abortSignal: opts.signal } : {},
    );
    return (res.Messages ?? []).map((m) => ({
      messageId: m.MessageId ?? "",
      receiptHandle: m.ReceiptHandle ?? "",
      body: m.Body ?? "",
      receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? "1"),
      ...(m.Attributes?.MessageGroupId ? { groupId: m.Attributes.MessageGroupId } : {}),
    }));
  } catch (err) {
    if (opts.signal?.aborted) return [];
    throw err;
  }
}

export const pause = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
