import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { useTestStack } from "../testing/index";
import { describe, expect, it } from "vitest";
import { ensureQueue, queueUrl } from "./ensure-queue";
import { SqsQueue } from "./sqs-queue";

const stack = useTestStack();
const unique = (name: string) => `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

async function drain(q: SqsQueue<unknown>, expected: number) {
  const got = [];
  for (let i = 0; i < 20 && got.length < expected; i++) {
    const batch = await q.receive({ max: 10, waitSeconds: 1 });
    for (const m of batch) {
      got.push(m);
      await q.delete(m.receiptHandle);
    }
  }
  return got;
}

describe("SqsQueue on fauxqs", () => {
  it("sends JSON and receives it with its receive count", async () => {
    const q = new SqsQueue<{ hello: string }>({
      client: stack.sqs,
      queueUrl: await ensureQueue(stack.sqs, unique("plain")),
    });
    await q.send({ hello: "world" });
    const [m] = await q.receive({ max: 10, waitSeconds: 1 });
    expect(JSON.parse(m?.body ?? "")).toEqual({ hello: "world" });
    expect(m?.receiveCount).toBe(1);
    expect(m?.groupId).toBeUndefined();
    await q.delete(m?.receiptHandle ?? "");
    expect(await q.receive({ max: 10, waitSeconds: 0 })).toEqual([]);
  });

  it("carries any valid string through the emulator unchanged, one by one and in batches", async () => {
    const texts = ["out 😀", "\ufffe\uffff", "lone \ud800 surrogate", "مرحبا e\u0301", "👩‍👩‍👧 🇩🇪"];
    const q = new SqsQueue<{ text: string }>({
      client: stack.sqs,
      queueUrl: await ensureQueue(stack.sqs, `${unique("unicode")}.fifo`),
    });
    await q.send({ text: texts[0]! }, { groupId: "g", deduplicationId: "single" });
    await q.sendBatch(
      texts.slice(1).map((text, i) => ({ body: { text }, opts: { groupId: "g", deduplicationId: `b${i}` } })),
    );
    const got = await drain(q as SqsQueue<unknown>, texts.length);
    expect(got.map((m) => (JSON.parse(m.body) as { text: string }).text)).toEqual(texts);
  });

  it("sends more than ten messages in batches", async () => {
    const q = new SqsQueue<{ n: number }>({
      client: stack.sqs,
      queueUrl: await ensureQueue(stack.sqs, unique("batch")),
    });
    await q.sendBatch(Array.from({ length: 23 }, (_, n) => ({ body: { n } })));
    const got = await drain(q, 23);
    expect(got.map((m) => (JSON.parse(m.body) as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 23 }, (_, n) => n),
    );
  });

  it("redelivers after the visibility timeout is cut short, counting receives", async () => {
    const q = new SqsQueue<string>({ client: stack.sqs, queueUrl: await ensureQueue(stack.sqs, unique("vis")) });
    await q.send("again");
    const [first] = await q.receive({ max: 1, waitSeconds: 1, visibilityTimeoutSeconds: 30 });
    expect(await q.receive({ max: 1, waitSeconds: 0 })).toEqual([]);
    await q.changeVisibility(first?.receiptHandle ?? "", 0);
    const [second] = await q.receive({ max: 1, waitSeconds: 1 });
    expect(second?.body).toBe(JSON.stringify("again"));
    expect(second?.receiveCount).toBe(2);
  });

  it("keeps FIFO order per group and reports the group", async () => {
    const q = new SqsQueue<{ seq: number }>({
      client: stack.sqs,
      queueUrl: await ensureQueue(stack.sqs, `${unique("order")}.fifo`),
    });
    await q.sendBatch(
      [1, 2, 3].map((seq) => ({ body: { seq }, opts: { groupId: "ses_A", deduplicationId: `a-${seq}` } })),
    );
    const got = await drain(q, 3);
    expect(got.map((m) => (JSON.parse(m.body) as { seq: number }).seq)).toEqual([1, 2, 3]);
    expect(got.every((m) => m.groupId === "ses_A")).toBe(true);
  });

  it("drops a FIFO duplicate with the same deduplication id", async () => {
    const q = new SqsQueue<string>({
      client: stack.sqs,
      queueUrl: await ensureQueue(stack.sqs, `${unique("dedup")}.fifo`),
    });
    await q.send("once", { groupId: "g", deduplicationId: "evt_1" });
    await q.send("once", { groupId: "g", deduplicationId: "evt_1" });
    await q.send("twice", { groupId: "g", deduplicationId: "evt_2" });
    const got = await drain(q, 2);
    expect(got.map((m) => JSON.parse(m.body) as string)).toEqual(["once", "twice"]);
    expect(await q.receive({ max: 10, waitSeconds: 0 })).toEqual([]);
  });

  it("refuses a FIFO send without a group or with a delay", async () => {
    const q = new SqsQueue<string>({
      client: stack.sqs,
      queueUrl: await ensureQueue(stack.sqs, `${unique("strict")}.fifo`),
    });
    await expect(q.send("x")).rejects.toThrow(/groupId/);
    await expect(q.send("x", { groupId: "g", deduplicationId: "d", delaySeconds: 5 })).rejects.toThrow(/delay/);
  });

  it("moves a message to the dead-letter queue after maxReceiveCount receives", async () => {
    const name = unique("events");
    const url = await ensureQueue(stack.sqs, `${name}.fifo`, { dlq: { name: `${name}-dlq.fifo`, maxReceiveCount: 2 } });
    const dlq = new SqsQueue<string>({ client: stack.sqs, queueUrl: await queueUrl(stack.sqs, `${name}-dlq.fifo`) });
    const q = new SqsQueue<string>({ client: stack.sqs, queueUrl: url });
    await q.send("poison", { groupId: "ses_B", deduplicationId: "p1" });
    for (let i = 1; i <= 2; i++) {
      const [m] = await q.receive({ max: 1, waitSeconds: 1 });
      expect(m?.receiveCount).toBe(i);
      await q.changeVisibility(m?.receiptHandle ?? "", 0); // "processing failed"
    }
    expect(await q.receive({ max: 1, waitSeconds: 1 })).toEqual([]);
    const [dead] = await dlq.receive({ max: 1, waitSeconds: 1 });
    expect(dead?.body).toBe(JSON.stringify("poison"));
  });

  it("dead-letters into an existing queue given by ARN (a worker inbox into the stage's InboxesDlq)", async () => {
    const name = unique("inbox");
    const dlqUrl = await ensureQueue(stack.sqs, `${name}-shared-dlq.fifo`);
    const { Attributes } = await stack.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] }),
    );
    const url = await ensureQueue(stack.sqs, `${name}.fifo`, {
      deadLetterTarget: { arn: Attributes!.QueueArn!, maxReceiveCount: 1 },
    });
    const q = new SqsQueue<string>({ client: stack.sqs, queueUrl: url });
    await q.send("stuck", { groupId: "ses_C", deduplicationId: "c1" });
    const [m] = await q.receive({ max: 1, waitSeconds: 1 });
    await q.changeVisibility(m?.receiptHandle ?? "", 0);
    expect(await q.receive({ max: 1, waitSeconds: 1 })).toEqual([]);
    const [dead] = await new SqsQueue<string>({ client: stack.sqs, queueUrl: dlqUrl }).receive({
      max: 1,
      waitSeconds: 1,
    });
    expect(dead?.body).toBe(JSON.stringify("stuck"));
  });

  it("ensures a queue idempotently and updates its attributes", async () => {
    const name = unique("idem");
    const url = await ensureQueue(stack.sqs, name, { visibilityTimeoutSeconds: 30 });
    expect(await ensureQueue(stack.sqs, name, { visibilityTimeoutSeconds: 45 })).toBe(url);
    const attrs = await stack.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["VisibilityTimeout"] }),
    );
    expect(attrs.Attributes?.VisibilityTimeout).toBe("45");
  });

  it("refuses a FIFO flag that disagrees with the name", async () => {
    await expect(ensureQueue(stack.sqs, unique("plain"), { fifo: true })).rejects.toThrow(/\.fifo/);
  });
});
