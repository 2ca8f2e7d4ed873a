import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { useTestStack } from "../testing/index";
import { describe, expect, it } from "vitest";
import { ensureQueue } from "./ensure-queue";
import { DEAD_LETTER_ATTRIBUTES as A, SqsDeadLetterSink } from "./sqs-dead-letter-sink";

const stack = useTestStack();
const unique = (name: string) => `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

async function receiveAll(queueUrl: string) {
  const res = await stack.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      MessageAttributeNames: ["All"],
      MessageSystemAttributeNames: ["All"],
    }),
  );
  return res.Messages ?? [];
}

describe("SqsDeadLetterSink on fauxqs", () => {
  it("puts the original body on a FIFO DLQ with the reason and origin as attributes, in the original group", async () => {
    const dlq = await ensureQueue(stack.sqs, `${unique("dl")}.fifo`, { fifo: true });
    const sink = new SqsDeadLetterSink({ client: stack.sqs, queueUrl: dlq });
    const body = '{"type":"nope","text":"\\ud83d\\ude00"}';
    await sink.send({
      body,
      sourceQueue: "arn:aws:sqs:us-east-1:000000000000:events.fifo",
      sourceMessageId: "m-1",
      groupId: "ses_1",
      receiveCount: 1,
      error: { code: "validation_failed", message: "invalid event: body.type" },
    });
    const [m, ...rest] = await receiveAll(dlq);
    expect(rest).toEqual([]);
    expect(m?.Body).toBe(body);
    expect(m?.Attributes?.MessageGroupId).toBe("ses_1");
    const attr = (name: string) => m?.MessageAttributes?.[name]?.StringValue;
    expect(attr(A.errorCode)).toBe("validation_failed");
    expect(attr(A.errorMessage)).toBe("invalid event: body.type");
    expect(attr(A.sourceQueue)).toBe("arn:aws:sqs:us-east-1:000000000000:events.fifo");
    expect(attr(A.sourceMessageId)).toBe("m-1");
    expect(attr(A.receiveCount)).toBe("1");
  });

  it("sends the same source message once to a FIFO DLQ (a retried dead-lettering deduplicates)", async () => {
    const dlq = await ensureQueue(stack.sqs, `${unique("dl")}.fifo`, { fifo: true });
    const sink = new SqsDeadLetterSink({ client: stack.sqs, queueUrl: dlq });
    const letter = {
      body: "{}",
      sourceQueue: "q",
      sourceMessageId: "m-2",
      groupId: "g",
      receiveCount: 1,
      error: { code: "not_found", message: "gone" },
    };
    await sink.send(letter);
    await sink.send(letter);
    expect(await receiveAll(dlq)).toHaveLength(1);
  });

  it("dead-letters to a standard DLQ and keeps an attribute SQS would refuse (control characters, empty) sendable", async () => {
    const dlq = await ensureQueue(stack.sqs, unique("dl"));
    const sink = new SqsDeadLetterSink({ client: stack.sqs, queueUrl: dlq });
    await sink.send({
      body: "not json",
      sourceQueue: "webhooks",
      sourceMessageId: "m-3",
      receiveCount: 2,
      error: { code: "internal", message: "\u0000bad\u0001" },
    });
    await sink.send({
      body: "x",
      sourceQueue: "webhooks",
      sourceMessageId: "m-4",
      receiveCount: 1,
      error: { code: "internal", message: "" },
    });
    const got = await receiveAll(dlq);
    const byId = Object.fromEntries(got.map((m) => [m.MessageAttributes?.[A.sourceMessageId]?.StringValue, m]));
    expect(byId["m-3"]?.Body).toBe("not json");
    expect(byId["m-3"]?.MessageAttributes?.[A.errorMessage]?.StringValue).toBe("?bad?");
    expect(byId["m-4"]?.MessageAttributes?.[A.errorMessage]?.StringValue).toBe("-");
  });
});
