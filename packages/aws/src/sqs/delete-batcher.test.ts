import { newId } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { countSdkCalls, useTestStack } from "../testing/index";
import { SqsQueue } from "./sqs-queue";
import { createWorkerInboxes } from "./worker-inboxes";

const stack = useTestStack();
const counter = countSdkCalls([stack.sqs]);

describe("batched inbox deletes on fauxqs", () => {
  it("deletes of commands finishing together go in one DeleteMessageBatch, and the inbox is empty after", async () => {
    const inboxes = createWorkerInboxes(stack.sqs, { prefix: `t-del-${Date.now().toString(36)}-` });
    const url = await inboxes.create(newId("worker").toLowerCase());
    const sender = new SqsQueue<unknown>({ client: stack.sqs, queueUrl: url });
    await sender.sendBatch(
      Array.from({ length: 10 }, (_, i) => ({
        body: { i },
        opts: { groupId: `ses_${i}`, deduplicationId: `d-${i}` },
      })),
    );
    const received = [];
    for (let i = 0; i < 10 && received.length < 10; i++)
      received.push(...(await inboxes.receiver(url).receive({ max: 10, waitSeconds: 1 })));
    expect(received).toHaveLength(10);
    counter.reset();
    await Promise.all(received.map((m) => inboxes.receiver(url).delete(m.receiptHandle)));
    const calls = counter.take();
    expect(calls).toEqual({ DeleteMessageBatch: 1 });
    expect(await inboxes.receiver(url).receive({ max: 10, waitSeconds: 0, visibilityTimeoutSeconds: 0 })).toEqual([]);
    await inboxes.delete(url);
  });
});
