import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";

/** A message as a Lambda event source mapping hands it on: every system attribute included. */
export interface SqsSourceMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  attributes: Record<string, string>;
}

/**
 * One long poll the way the Lambda SQS event source does it (all system attributes), for the
 * local runtime's pollers. An aborted poll throws; the caller decides what that means.
 */
export async function receiveForEventSource(
  sqs: SQSClient,
  queueUrl: string,
  opts: { max: number; waitSeconds: number; signal?: AbortSignal },
): Promise<SqsSourceMessage[]> {
  const res = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: opts.max,
      WaitTimeSeconds: opts.waitSeconds,
      MessageSystemAttributeNames: ["All"],
    }),
    opts.signal ? { abortSignal: opts.signal } : {},
  );
  return (res.Messages ?? []).map((m) => ({
    messageId: m.MessageId ?? "",
    receiptHandle: m.ReceiptHandle ?? "",
    body: m.Body ?? "",
    md5OfBody: m.MD5OfBody ?? "",
    attributes: { ...(m.Attributes ?? {}) } as Record<string, string>,
  }));
}

/** Deletes up to 10 received messages in one call. */
export async function deleteMessageBatch(sqs: SQSClient, queueUrl: string, receiptHandles: string[]): Promise<void> {
  await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: receiptHandles.map((h, i) => ({ Id: String(i), ReceiptHandle: h })),
    }),
  );
}
