import { createDynamoStores, ensureQueue } from "@wharf/aws";
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
 * The events consumer's SDK cost in steady state, on DynamoDB Local and fauxqs: a batch of
 * inbound messages for one session with one dashboard connection and one webhook endpoint.
 */
const stack = useTestStack();
const counter = countSdkCalls([stack.dynamo, stack.sqs]);
const BATCH = 10;

function received(meta: { tenantId: string; sessionId: string; epoch: number }, i: number): FleetEvent {
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
  let handle: (e: SQSEvent) => Promise<{ batchItemFailures: unknown[] }>;
  let meta: { tenantId: string; sessionId: string; epoch: number };

  beforeAll(async () => {
    const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const data = composeDataPath({
      doc: stack.doc,
      tableName: stack.tableName,
      sqs: stack.sqs,
      placementQueueUrl: await ensureQueue(stack.sqs, `ev-placement-${suffix}`),
      webhooksQueueUrl: await ensureQueue(stack.sqs, `ev-webhooks-${suffix}`),
      tokenKey: "k".repeat(40),
      tokenTtlSeconds: 60,
      realtimeUrl: "wss://realtime.example.test",
      management: null,
      allowPrivateWebhookTargets: false,
      clock: { now: () => new Date() },
      logger: pino({ level: "silent" }),
    });
    // the management API is not emulated: a poster that records each post (counted as a call)
    const poster = {
      post: async (connectionId: string) => {
        posted.push(connectionId);
        return true;
      },
    };
    handle = createEventsHandler({ ...data.events, poster }, { deadLetters: null });
    const stores = createDynamoStores({ doc: stack.doc, tableName: stack.tableName });
    const session = sessionRecord(newId("tenant"), { status: "open" });
    await stores.sessions.create(session);
    meta = { tenantId: session.tenantId, sessionId: session.id, epoch: 0 };
    const now = new Date();
    await data.events.connections.put({
      connectionId: `conn-${suffix}`,
      tenantId: session.tenantId,
      keyId: null,
      connectedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
    });
    await data.events.webhooks.webhooks.createEndpoint({
      id: newId("webhook"),
      tenantId: session.tenantId,
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

  it("applies a batch of inbound messages with at most 5 SDK calls per event on average", async () => {
    const events = Array.from({ length: BATCH }, (_, i) => received(meta, i));
    counter.reset();
    posted.length = 0;
    const res = await handle(sqsBatch(events));
    const calls = counter.take();
    expect(res.batchItemFailures).toEqual([]);
    expect(posted).toHaveLength(BATCH);
    const perEvent = (Object.values(calls).reduce((a, b) => a + b, 0) + posted.length) / BATCH;
    expect(perEvent, JSON.stringify(calls)).toBeLessThanOrEqual(5);
  });

  it("a redelivered batch applies nothing twice: no new frames or webhook jobs", async () => {
    const events = Array.from({ length: 3 }, (_, i) => received(meta, 100 + i));
    await handle(sqsBatch(events));
    posted.length = 0;
    counter.reset();
    const again = await handle(sqsBatch(events));
    expect(again.batchItemFailures).toEqual([]);
    expect(posted).toEqual([]);
    expect(counter.counts().SendMessageBatch ?? 0).toBe(0);
    expect(counter.counts().SendMessage ?? 0).toBe(0);
  });
});
