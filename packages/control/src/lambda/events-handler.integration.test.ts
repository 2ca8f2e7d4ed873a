import { createDynamoStores, ensureQueue, SqsQueue } from "@wharf/aws";
import { countSdkCalls, useTestStack } from "@wharf/aws/testing";
import type { FleetEvent } from "@wharf/contracts";
import { newId } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import type { SQSEvent } from "aws-lambda";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { composeDataPath } from "../compose";
import { createEventsHandler } from "./events-handler";

/**
 * The events consumer's SDK cost in steady state, on DynamoDB Local and fauxqs: inbound
 * messages for sessions of a tenant with one dashboard connection and one webhook endpoint.
 * Before the batch-wide session read and webhook dispatch, 10 events cost 44 calls (one
 * session) and 53 (ten sessions): a GetItem per session, a PutItem and a SendMessageBatch per event.
 */
const stack = useTestStack();
const counter = countSdkCalls([stack.dynamo, stack.sqs]);
const BATCH = 10;
type Meta = { tenantId: string; sessionId: string; epoch: number };

function received(meta: Meta, i: number): FleetEvent {
  const from = "4915100000001";
  return {
    id: newId("event"),
    type: "message.received",
    v: 1,
    ...meta,
    at: new Date().toISOString(),
    data: {
      waMessageId: `3EB0${newId("event").slice(4)}`,
      chatJid: `${from}@s.whatsapp.net`,
      senderJid: `${from}@s.whatsapp.net`,
      senderPhone: from,
      pushName: "Ann",
      sentAt: new Date(Date.now() + i).toISOString(),
      content: { kind: "text", text: `hello ${i}` },
    },
  } as unknown as FleetEvent;
}

function sqsBatch(events: FleetEvent[]): SQSEvent {
  return {
    Records: events.map((e, i) => ({
      messageId: `m-${i}-${e.id}`,
      receiptHandle: `rh-${e.id}`,
      body: JSON.stringify(e),
      attributes: { MessageGroupId: e.sessionId, ApproximateReceiveCount: "1" },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:events.fifo",
      awsRegion: stack.region,
    })),
  } as unknown as SQSEvent;
}

describe("events consumer SDK calls (DynamoDB Local, fauxqs)", () => {
  const posted: string[] = [];
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let webhooksQueueUrl: string;
  let handle: (e: SQSEvent) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;
  let handlerWithQueue: (url: string) => typeof handle;
  const sessions: Meta[] = [];
  let stores: ReturnType<typeof createDynamoStores>;
  let messages: ReturnType<typeof composeDataPath>["events"]["messages"];

  /** the calls one batch costs, fan-out posts counted as calls */
  async function cost(events: FleetEvent[]): Promise<{ calls: Record<string, number>; perEvent: number }> {
    counter.reset();
    posted.length = 0;
    const res = await handle(sqsBatch(events));
    const calls = { ...counter.take(), PostToConnection: posted.length };
    expect(res.batchItemFailures).toEqual([]);
    expect(posted).toHaveLength(events.length);
    return { calls, perEvent: Object.values(calls).reduce((a, b) => a + b, 0) / events.length };
  }

  beforeAll(async () => {
    webhooksQueueUrl = await ensureQueue(stack.sqs, `ev-webhooks-${suffix}.fifo`, { fifo: true });
    const placementQueueUrl = await ensureQueue(stack.sqs, `ev-placement-${suffix}`);
    // the management API is not emulated: a poster that records each post (counted as a call)
    const poster = {
      post: async (connectionId: string) => {
        posted.push(connectionId);
        return true;
      },
    };
    const compose = (queueUrl: string) =>
      composeDataPath({
        doc: stack.doc,
        tableName: stack.tableName,
        sqs: stack.sqs,
        placementQueueUrl,
        webhooksQueueUrl: queueUrl,
        tokenKey: "k".repeat(40),
        tokenTtlSeconds: 60,
        realtimeUrl: "wss://realtime.example.test",
        management: null,
        allowPrivateWebhookTargets: false,
        clock: { now: () => new Date() },
        logger: pino({ level: "silent" }),
      });
    handlerWithQueue = (url) => createEventsHandler({ ...compose(url).events, poster }, { deadLetters: null });
    handle = handlerWithQueue(webhooksQueueUrl);
    const data = compose(webhooksQueueUrl);
    messages = data.events.messages;
    stores = createDynamoStores({ doc: stack.doc, tableName: stack.tableName });
    const tenantId = newId("tenant");
    for (let i = 0; i < BATCH; i++) {
      const session = sessionRecord(tenantId, { status: "open" });
      await stores.sessions.create(session);
      sessions.push({ tenantId, sessionId: session.id, epoch: 0 });
    }
    const now = new Date();
    await data.events.connections.put({
      connectionId: `conn-${suffix}`,
      tenantId,
      keyId: null,
      connectedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
    });
    await data.events.webhooks.webhooks.createEndpoint({
      id: newId("webhook"),
      tenantId,
      url: "https://93.184.216.34/hooks",
      events: ["message.received"],
      sessionIds: null,
      description: null,
      secretSealed: "sealed",
      secretPrefix: "whsec_x",
      paused: false,
      headers: {},
      previousSecretSealed: null,
      previousSecretPrefix: null,
      previousSecretExpiresAt: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
  });

  it("one inbound message alone in its batch costs 7 calls: the reads and writes a batch shares are all its own", async () => {
    const { calls } = await cost([received(sessions[0] as Meta, 0)]);
    // connections, endpoints; message transaction (the session checked inside it: no read); delivery; job; marker; post
    expect(calls).toEqual({
      Query: 2,
      TransactWriteItems: 1,
      PutItem: 1,
      SendMessageBatch: 1,
      BatchWriteItem: 1,
      PostToConnection: 1,
    });
  });

  it("10 inbound messages of one session cost at most 3 calls each (was 4.4): no session read, one job send", async () => {
    const { calls, perEvent } = await cost(Array.from({ length: BATCH }, (_, i) => received(sessions[0] as Meta, i)));
    expect(perEvent, JSON.stringify(calls)).toBeLessThanOrEqual(3);
    expect((calls.GetItem ?? 0) + (calls.BatchGetItem ?? 0)).toBe(0);
    expect(calls.SendMessageBatch).toBe(1);
    expect(calls.PutItem ?? 0).toBe(0);
  });

  it("10 inbound messages of 10 sessions cost at most 3 calls each (was 5.3): no session is read", async () => {
    const { calls, perEvent } = await cost(sessions.map((s, i) => received(s, i)));
    expect(perEvent, JSON.stringify(calls)).toBeLessThanOrEqual(3);
    expect(calls.BatchGetItem ?? 0).toBe(0);
    expect(calls.GetItem ?? 0).toBe(0);
    expect(calls.SendMessageBatch).toBe(1);
  });

  it("an inbound message for a deleted session stores nothing and announces nothing, in the one transaction it tries", async () => {
    const gone = sessionRecord((sessions[0] as Meta).tenantId, { status: "open" });
    await stores.sessions.create(gone);
    await stores.sessions.delete(gone.tenantId, gone.id);
    const e = received({ tenantId: gone.tenantId, sessionId: gone.id, epoch: 0 }, 0);
    counter.reset();
    posted.length = 0;
    const res = await handle(sqsBatch([e]));
    expect(res.batchItemFailures).toEqual([]);
    expect(posted).toEqual([]);
    const calls = counter.take();
    expect(calls.TransactWriteItems).toBe(1);
    expect(calls.SendMessageBatch ?? 0).toBe(0);
    expect(calls.GetItem ?? 0).toBe(0);
    expect(await messages.getChat(gone.tenantId, gone.id, "4915100000001@s.whatsapp.net")).toBeNull();
  });

  it("a redelivered batch applies nothing twice: no new frames or webhook jobs", async () => {
    const events = Array.from({ length: 3 }, (_, i) => received(sessions[1] as Meta, 100 + i));
    await handle(sqsBatch(events));
    posted.length = 0;
    counter.reset();
    const again = await handle(sqsBatch(events));
    expect(again.batchItemFailures).toEqual([]);
    expect(posted).toEqual([]);
    expect(counter.counts().SendMessageBatch ?? 0).toBe(0);
    expect(counter.counts().SendMessage ?? 0).toBe(0);
  });

  it("events whose webhook jobs cannot be enqueued are retried, and their redelivery enqueues every job", async () => {
    const missing = webhooksQueueUrl.replace(/[^/]+$/, `ev-missing-${suffix}.fifo`);
    const events = [
      received(sessions[2] as Meta, 0),
      received(sessions[2] as Meta, 1),
      received(sessions[3] as Meta, 0),
    ];
    const batch = sqsBatch(events);
    const first = await handlerWithQueue(missing)(batch);
    expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(batch.Records.map((r) => r.messageId));
    // a queue of its own: only this batch's jobs land there
    const queueUrl = await ensureQueue(stack.sqs, `ev-webhooks-retry-${suffix}.fifo`, { fifo: true });
    const again = await handlerWithQueue(queueUrl)(batch);
    expect(again.batchItemFailures).toEqual([]);
    const queue = new SqsQueue<{ tenantId: string; deliveryId: string }>({ client: stack.sqs, queueUrl });
    const jobs = new Set<string>();
    for (let i = 0; i < 20 && jobs.size < events.length; i++) {
      for (const m of await queue.receive({ max: 10, waitSeconds: 1 })) {
        jobs.add((JSON.parse(m.body) as { deliveryId: string }).deliveryId);
        await queue.delete(m.receiptHandle);
      }
    }
    expect(jobs.size).toBe(events.length);
  });
});
