import { createServer, type IncomingHttpHeaders } from "node:http";
import {
  LOCAL_CREDENTIALS,
  SqsQueue,
  createDocumentClient,
  createDynamoStores,
  createSqsClient,
  ensureQueue,
} from "@wharf/aws";
import { newId, verifySignature, type WebhookJob } from "@wharf/core";
import type { SQSEvent } from "aws-lambda";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { composeDataPath } from "./compose";
import { createEventsHandler } from "./lambda/events-handler";
import { createWebhooksHandler } from "./lambda/webhooks-handler";
import { newTenant } from "./testing/expectations";
import { createHarness, type Harness } from "./testing/harness";
import { eventLogSuite } from "./testing/suites/event-log";
import { webhookEditingSuite, type DataHarness } from "./testing/suites/webhook-editing";

function stackClients() {
  const stack = inject("wharfStack");
  const doc = createDocumentClient({
    region: stack.region,
    endpoint: stack.dynamoEndpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  const sqs = createSqsClient({ region: stack.region, endpoint: stack.sqsEndpoint, credentials: LOCAL_CREDENTIALS });
  return { stack, doc, sqs };
}

/** The data path composed as on AWS over DynamoDB Local and fauxqs; `clock` drives every handler. */
async function compose(opts: { allowPrivateWebhookTargets: boolean; clock: { now(): Date } }) {
  const { stack, doc, sqs } = stackClients();
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const webhooksQueueUrl = await ensureQueue(sqs, `ctl-edit-webhooks-${suffix}`);
  const data = composeDataPath({
    doc,
    tableName: stack.tableName,
    sqs,
    placementQueueUrl: await ensureQueue(sqs, `ctl-edit-placement-${suffix}`),
    webhooksQueueUrl,
    tokenKey: "k".repeat(40),
    tokenTtlSeconds: 60,
    realtimeUrl: null,
    management: null,
    allowPrivateWebhookTargets: opts.allowPrivateWebhookTargets,
    clock: opts.clock,
    logger: pino({ level: "silent" }),
  });
  return {
    data,
    repos: createDynamoStores({ doc, tableName: stack.tableName }),
    webhookQueue: new SqsQueue<WebhookJob>({ client: sqs, queueUrl: webhooksQueueUrl }),
  };
}

function sqsEvent(
  records: Array<{ messageId: string; receiptHandle: string; body: string; groupId?: string }>,
): SQSEvent {
  return {
    Records: records.map((r) => ({
      messageId: r.messageId,
      receiptHandle: r.receiptHandle,
      body: r.body,
      attributes: { MessageGroupId: r.groupId } as never,
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:local:000000000000:q",
      awsRegion: "local",
    })),
  };
}

describe("webhook editing and event log routes over DynamoDB Local (non-local mode)", () => {
  let harness: DataHarness | undefined;
  beforeAll(async () => {
    let h: Harness | undefined;
    const { data, repos } = await compose({
      allowPrivateWebhookTargets: false,
      clock: { now: () => h?.clock.now() ?? new Date() },
    });
    h = createHarness(repos, { start: new Date().toISOString(), data: data.app });
    harness = Object.assign(h, { eventLog: data.app.eventLog });
  });
  const get = () => {
    if (!harness) throw new Error("harness not ready");
    return harness;
  };
  webhookEditingSuite(get);
  eventLogSuite(get);
});

describe("rotated secrets and the event log on the real stack (injected clock)", () => {
  let h: Harness;
  let parts: Awaited<ReturnType<typeof compose>>;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  let url = "";

  beforeAll(async () => {
    const port = await new Promise<number>((r) =>
      server.listen(0, "127.0.0.1", () => r((server.address() as { port: number }).port)),
    );
    url = `http://127.0.0.1:${port}/hooks`;
    // the receiver is on this machine: private targets allowed, as in the local runtime
    parts = await compose({ allowPrivateWebhookTargets: true, clock: { now: () => h.clock.now() } });
    h = createHarness(parts.repos, { start: new Date().toISOString(), data: parts.data.app });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  /** Plays the webhooks Lambda for every job on the queue, as SQS would hand them over. */
  async function deliverQueued(): Promise<void> {
    const handler = createWebhooksHandler(parts.data.webhooks, { deadLetters: null });
    for (let i = 0; i < 20; i++) {
      const messages = await parts.webhookQueue.receive({ max: 10, waitSeconds: 1 });
      if (messages.length === 0) return;
      const res = await handler(sqsEvent(messages));
      expect(res.batchItemFailures).toEqual([]);
      for (const m of messages) await parts.webhookQueue.delete(m.receiptHandle);
    }
  }

  it("signs with both secrets during the grace period and only with the new one after it", async () => {
    const t = await newTenant(h, "rotation");
    const created = await h.call("POST", "/v1/webhooks", {
      key: t.key,
      json: { url, events: ["session.status"], headers: { Authorization: "Bearer rx" } },
    });
    expect(created.status).toBe(201);
    const rotated = await h.call("POST", `/v1/webhooks/${created.body.id}/rotate-secret`, {
      key: t.key,
      json: { graceSeconds: 3600 },
    });
    expect(rotated.status).toBe(200);

    const sendTest = async () => {
      const test = await h.call("POST", `/v1/webhooks/${created.body.id}/test`, { key: t.key });
      expect(test.status).toBe(202);
      await deliverQueued();
      const got = received.find((r) => r.headers["wharf-event-id"] === test.body.eventId);
      if (!got) throw new Error("test delivery not received");
      const header = got.headers["wharf-signature"] as string;
      const verifies = (secret: string) => verifySignature({ secret, body: got.body, header, now: h.clock.now() });
      return { header, got, oldOk: verifies(created.body.secret), newOk: verifies(rotated.body.secret) };
    };

    const during = await sendTest();
    expect(during.header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect({ newOk: during.newOk, oldOk: during.oldOk }).toEqual({ newOk: true, oldOk: true });
    expect(during.got.headers.authorization).toBe("Bearer rx");

    h.clock.advance(3600_000 + 1000);
    const after = await sendTest();
    expect(after.header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect({ newOk: after.newOk, oldOk: after.oldOk }).toEqual({ newOk: true, oldOk: false });
  });

  it("the events consumer records a session's status change with its disconnect reason in the event log", async () => {
    const t = await newTenant(h, "event-log-consumer");
    const sessionId = (await h.call("POST", "/v1/sessions", { key: t.key, json: { name: "night shift" } })).body
      .id as string;
    const at = h.clock.now().toISOString();
    const disconnect = { code: 401, reason: "logged_out", message: "The phone logged this device out", at };
    const event = {
      id: newId("event"),
      v: 1,
      type: "session.status",
      tenantId: t.id,
      sessionId,
      epoch: 0,
      at,
      data: { status: "logged_out", disconnect },
    };
    const res = await createEventsHandler(parts.data.events, { deadLetters: null })(
      sqsEvent([{ messageId: "m1", receiptHandle: "r1", body: JSON.stringify(event), groupId: sessionId }]),
    );
    expect(res.batchItemFailures).toEqual([]);
    const log = await h.call("GET", `/v1/events?sessionId=${sessionId}`, { key: t.key });
    expect(log.status).toBe(200);
    expect(log.body.data).toEqual([
      {
        id: event.id,
        type: "session.status",
        sessionId,
        at,
        data: { status: "logged_out", lastDisconnect: disconnect },
      },
    ]);
  });
});
