import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { DEAD_LETTER_ATTRIBUTES as A, SqsDeadLetterSink, ensureQueue } from "@wharf/aws";
import { useTestStack } from "@wharf/aws/testing";
import { newId } from "@wharf/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetHarness } from "../testing/harness";
import type { FleetWorker } from "./worker";

const stack = useTestStack();
let h: FleetHarness;
let worker: FleetWorker;
let placementDlq: string;
let inboxDlq: string;

beforeAll(async () => {
  h = await FleetHarness.create(stack, stack);
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  [placementDlq, inboxDlq] = await Promise.all([
    ensureQueue(stack.sqs, `t-${tag}-placement-dlq`),
    ensureQueue(stack.sqs, `t-${tag}-inboxes-dlq.fifo`),
  ]);
  worker = await h.startWorker({}, undefined, {
    placement: new SqsDeadLetterSink({ client: stack.sqs, queueUrl: placementDlq }),
    inbox: new SqsDeadLetterSink({ client: stack.sqs, queueUrl: inboxDlq }),
  });
});
afterAll(async () => {
  await h?.close();
});

/** Waits for one message on a DLQ, with its attributes. */
async function deadLetter(queueUrl: string) {
  for (let i = 0; i < 40; i++) {
    const res = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 1,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ["All"],
      }),
    );
    const m = res.Messages?.[0];
    if (m) return m;
  }
  throw new Error(`no dead letter on ${queueUrl}`);
}

async function pending(queueUrl: string): Promise<number> {
  const res = await stack.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  const a = res.Attributes ?? {};
  return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0);
}

describe("poison messages at a worker", () => {
  it("moves a placement message that is not a placement to the placement DLQ at its first receive", async () => {
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: h.queues.placementUrl, MessageBody: "not json at all" }));
    const m = await deadLetter(placementDlq);
    expect(m.Body).toBe("not json at all");
    expect(m.MessageAttributes?.[A.errorCode]?.StringValue).toBe("validation_failed");
    expect(m.MessageAttributes?.[A.receiveCount]?.StringValue).toBe("1");
    await expect.poll(() => pending(h.queues.placementUrl), { timeout: 10_000 }).toBe(0);
  });

  it("dead-letters a malformed inbox command at once and goes on with the next command of its session", async () => {
    const sessionId = newId("session");
    const bad = JSON.stringify({ id: newId("command"), type: "message.send_text", sessionId, data: { text: 42 } });
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: worker.inboxUrl!,
        MessageBody: bad,
        MessageGroupId: sessionId,
        MessageDeduplicationId: "bad-1",
      }),
    );
    // a valid command of the same FIFO group right behind it: it must not wait for the poison one's retries
    await h.commandTo(worker.inboxUrl!, { tenantId: newId("tenant"), sessionId }, "session.disconnect", {});
    const m = await deadLetter(inboxDlq);
    expect(m.Body).toBe(bad);
    expect(m.MessageAttributes?.[A.errorCode]?.StringValue).toBe("validation_failed");
    expect(m.MessageAttributes?.[A.errorMessage]?.StringValue).toMatch(/^invalid command: /);
    expect(m.MessageAttributes?.[A.sourceQueue]?.StringValue).toBe(worker.inboxUrl);
    expect(m.MessageAttributes?.[A.receiveCount]?.StringValue).toBe("1");
    await expect.poll(() => pending(worker.inboxUrl!), { timeout: 10_000 }).toBe(0);
  });
});
