import { ConflictError, NotFoundError, ValidationError } from "@wharf/core";
import { InMemoryDeadLetterSink } from "@wharf/core/testing";
import type { SQSRecord } from "aws-lambda";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { processSqsBatch, type RecordOutcome, type SqsBatchOptions } from "./batch";

const Job = z.object({ n: z.number().int() }).strict();
const QUEUE = "arn:aws:sqs:us-east-1:000000000000:events.fifo";
const logger = pino({ level: "silent" });

function record(id: string, body: unknown, group?: string, receiveCount = 1): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: typeof body === "string" ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: "0",
      SenderId: "test",
      ApproximateFirstReceiveTimestamp: "0",
      ...(group ? { MessageGroupId: group } : {}),
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: QUEUE,
    awsRegion: "us-east-1",
  };
}

/** Runs a batch with a handler that throws what `fail` says for a given n, and records what it handled. */
async function run(records: SQSRecord[], fail: (n: number) => unknown, opts: Partial<SqsBatchOptions> = {}) {
  const handled: number[] = [];
  const sink = new InMemoryDeadLetterSink();
  const res = await processSqsBatch(
    records,
    Job,
    async (job): Promise<RecordOutcome> => {
      handled.push(job.n);
      const outcome = fail(job.n);
      if (outcome === "retry") return "retry";
      if (outcome) throw outcome;
    },
    { logger, fifo: true, deadLetters: sink, what: "job", ...opts },
  );
  return { failed: res.batchItemFailures.map((f) => f.itemIdentifier), handled, sink };
}

describe("processSqsBatch", () => {
  it("hands each body to the handler parsed and typed, and reports no failures when all succeed", async () => {
    const { failed, handled, sink } = await run([record("a", { n: 1 }, "g"), record("b", { n: 2 }, "g")], () => null);
    expect(failed).toEqual([]);
    expect(handled).toEqual([1, 2]);
    expect(sink.letters).toEqual([]);
  });

  it("dead-letters a body that is not JSON at once, with its record, and carries on with its group", async () => {
    const { failed, handled, sink } = await run(
      [record("bad", "{not json", "g", 1), record("next", { n: 2 }, "g")],
      () => null,
    );
    expect(failed).toEqual([]);
    expect(handled).toEqual([2]);
    expect(sink.letters).toEqual([
      {
        body: "{not json",
        sourceQueue: QUEUE,
        sourceMessageId: "bad",
        groupId: "g",
        receiveCount: 1,
        error: { code: "validation_failed", message: "job body is not JSON" },
      },
    ]);
  });

  it("dead-letters a body that fails its schema without calling the handler", async () => {
    const { failed, handled, sink } = await run(
      [record("bad", { n: "x" }, "g"), record("next", { n: 2 }, "g")],
      () => null,
    );
    expect(failed).toEqual([]);
    expect(handled).toEqual([2]);
    expect(sink.letters).toHaveLength(1);
    expect(sink.letters[0]).toMatchObject({
      body: '{"n":"x"}',
      sourceMessageId: "bad",
      error: { code: "validation_failed", message: "invalid job: body.n" },
    });
  });

  it("dead-letters a record whose handler throws a non-retryable WharfError, and the group's next record is handled", async () => {
    const { failed, handled, sink } = await run([record("a", { n: 1 }, "g", 3), record("b", { n: 2 }, "g")], (n) =>
      n === 1 ? new NotFoundError("session", "ses_1") : null,
    );
    expect(failed).toEqual([]);
    expect(handled).toEqual([1, 2]);
    expect(sink.letters).toEqual([
      expect.objectContaining({
        sourceMessageId: "a",
        receiveCount: 3,
        error: { code: "not_found", message: "session ses_1 not found" },
      }),
    ]);
  });

  it("reports a retryable WharfError as a batch failure and blocks the rest of its FIFO group, not other groups", async () => {
    const records = [record("a", { n: 1 }, "g1"), record("b", { n: 2 }, "g1"), record("c", { n: 3 }, "g2")];
    const { failed, handled, sink } = await run(records, (n) =>
      n === 1 ? new ConflictError("changed concurrently", { retryable: true }) : null,
    );
    expect(failed).toEqual(["a", "b"]);
    expect(handled.sort()).toEqual([1, 3]);
    expect(sink.letters).toEqual([]);
  });

  it("reports an unknown error as a batch failure (retried, never dead-lettered at once)", async () => {
    const { failed, sink } = await run([record("a", { n: 1 }, "g"), record("b", { n: 2 }, "g")], (n) =>
      n === 1 ? new Error("ECONNRESET") : null,
    );
    expect(failed).toEqual(["a", "b"]);
    expect(sink.letters).toEqual([]);
  });

  it("reports a record the handler hands back with 'retry', blocking its FIFO group", async () => {
    const { failed, handled } = await run([record("a", { n: 1 }, "g"), record("b", { n: 2 }, "g")], (n) =>
      n === 1 ? "retry" : null,
    );
    expect(failed).toEqual(["a", "b"]);
    expect(handled).toEqual([1]);
  });

  it("releases the records a failure held back in its FIFO group, last first, and never the failed one", async () => {
    const released: string[] = [];
    const { failed } = await run(
      [record("a", { n: 1 }, "g"), record("b", { n: 2 }, "g"), record("c", { n: 3 }, "g"), record("d", { n: 4 }, "h")],
      (n) => (n === 1 ? "retry" : null),
      { release: async (r) => void released.push(r.messageId) },
    );
    expect(failed).toEqual(["a", "b", "c"]);
    // a queue that puts a released record back at the head of its group keeps b before c
    expect(released).toEqual(["c", "b"]);
  });

  it("on a standard queue, a failure blocks nothing else", async () => {
    const records = [record("a", { n: 1 }), record("b", { n: 2 }), record("c", { n: 3 })];
    const { failed, handled } = await run(records, (n) => (n === 1 ? new Error("boom") : null), { fifo: false });
    expect(failed).toEqual(["a"]);
    expect(handled.sort()).toEqual([1, 2, 3]);
  });

  it("falls back to reporting a poison record as failed when the dead-letter send fails (never drops it)", async () => {
    const sink = new InMemoryDeadLetterSink();
    sink.failWith = new Error("DLQ unavailable");
    const handled: number[] = [];
    const res = await processSqsBatch(
      [record("bad", "{", "g"), record("poison", { n: 1 }, "h"), record("after", { n: 2 }, "h")],
      Job,
      async (job) => {
        handled.push(job.n);
        if (job.n === 1) throw new ValidationError("cannot apply");
      },
      { logger, fifo: true, deadLetters: sink, what: "job" },
    );
    expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["bad", "poison", "after"]);
    expect(handled).toEqual([1]);
    expect(sink.letters).toEqual([]);
  });

  it("without a DLQ, reports a poison record as failed so SQS's redrive still catches it", async () => {
    const { failed, handled } = await run([record("bad", "nope", "g"), record("b", { n: 2 }, "g")], () => null, {
      deadLetters: null,
    });
    expect(failed).toEqual(["bad", "b"]);
    expect(handled).toEqual([]);
  });
});
