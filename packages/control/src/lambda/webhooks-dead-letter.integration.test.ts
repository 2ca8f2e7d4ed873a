import { LOCAL_CREDENTIALS, createDocumentClient, createDynamoStores, createSqsClient, ensureQueue } from "@wharf/aws";
import type { SendOptions, WebhookJob } from "@wharf/core";
import type { SQSRecord } from "aws-lambda";
import pino from "pino";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { composeDataPath } from "../compose";
import { newTenant, type TestTenant } from "../testing/expectations";
import { createHarness, type Harness } from "../testing/harness";
import { WEBHOOK_QUEUE_MAX_RECEIVES, createWebhooksHandler, type WebhooksHandlerDeps } from "./webhooks-handler";

/**
 * A webhook job SQS dead-letters (DESIGN §5) leaves its delivery `dead` with the reason —
 * visible in the delivery log and redeliverable — never `pending` with no job behind it; a
 * retry due on the job's last receive goes on a fresh job instead. DynamoDB Local.
 */
describe("webhook jobs at the end of their receives (DynamoDB Local)", () => {
  let h: Harness;
  let tenant: TestTenant;
  let webhookId: string;
  let deps: WebhooksHandlerDeps;
  const requeued: Array<{ job: WebhookJob; opts: SendOptions }> = [];

  beforeAll(async () => {
    const stack = inject("wharfStack");
    const doc = createDocumentClient({
      region: stack.region,
      endpoint: stack.dynamoEndpoint,
      credentials: LOCAL_CREDENTIALS,
    });
    const sqs = createSqsClient({ region: stack.region, endpoint: stack.sqsEndpoint, credentials: LOCAL_CREDENTIALS });
    const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const data = composeDataPath({
      doc,
      tableName: stack.tableName,
      sqs,
      placementQueueUrl: await ensureQueue(sqs, `ctl-wdl-placement-${suffix}`),
      webhooksQueueUrl: await ensureQueue(sqs, `ctl-wdl-webhooks-${suffix}`),
      tokenKey: "k".repeat(40),
      tokenTtlSeconds: 60,
      realtimeUrl: null,
      management: null,
      allowPrivateWebhookTargets: false,
      clock: { now: () => new Date() },
      logger: pino({ level: "silent" }),
    });
    deps = { ...data.webhooks, requeue: async (job, opts) => void requeued.push({ job, opts }) };
    h = createHarness(createDynamoStores({ doc, tableName: stack.tableName }), {
      start: new Date().toISOString(),
      data: data.app,
    });
    tenant = await newTenant(h, "webhook-dlq");
    const hook = await h.call("POST", "/v1/webhooks", {
      key: tenant.key,
      json: { url: "https://93.184.216.34/hooks", events: ["message.received"] },
    });
    expect(hook.status).toBe(201);
    webhookId = hook.body.id;
  });

  async function testDelivery(): Promise<string> {
    const res = await h.call("POST", `/v1/webhooks/${webhookId}/test`, { key: tenant.key });
    expect(res.status).toBe(202);
    return res.body.id;
  }
  const record = (
    deliveryId: string,
    receiveCount: number,
    extra: { notBefore?: string; group?: string } = {},
  ): SQSRecord =>
    ({
      messageId: `m-${deliveryId}-${receiveCount}`,
      receiptHandle: "rh",
      body: JSON.stringify({
        tenantId: tenant.id,
        deliveryId,
        ...(extra.notBefore ? { notBefore: extra.notBefore } : {}),
      }),
      attributes: {
        ApproximateReceiveCount: String(receiveCount),
        ...(extra.group ? { MessageGroupId: extra.group } : {}),
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:local:000000000000:webhooks",
      awsRegion: "local",
    }) as unknown as SQSRecord;
  /** the delivery as the delivery log shows it */
  async function delivery(id: string) {
    const log = await h.call("GET", `/v1/webhooks/${webhookId}/deliveries?limit=100`, { key: tenant.key });
    expect(log.status).toBe(200);
    return log.body.data.find((d: { id: string }) => d.id === id);
  }

  it("leaves the delivery pending while the job has receives left, and dead once it is dead-lettered", async () => {
    const outage = createWebhooksHandler(
      {
        ...deps,
        transport: {
          post: async () => {
            throw new Error("socket hang up");
          },
        },
      },
      { deadLetters: null },
    );
    const early = await testDelivery();
    const res = await outage({ Records: [record(early, 3)] });
    expect(res.batchItemFailures).toHaveLength(1);
    expect(await delivery(early)).toMatchObject({ status: "pending" });

    const last = await testDelivery();
    const final = await outage({ Records: [record(last, WEBHOOK_QUEUE_MAX_RECEIVES)] });
    // SQS moves it to the DLQ after this receive; the delivery says so
    expect(final.batchItemFailures).toHaveLength(1);
    const dead = await delivery(last);
    expect(dead).toMatchObject({ status: "dead", error: expect.stringContaining("socket hang up") });

    const again = await h.call("POST", `/v1/webhooks/deliveries/${last}/redeliver`, { key: tenant.key });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("carries a retry due on the job's last receive on a fresh job, in its line, not before the backoff", async () => {
    const refusing = createWebhooksHandler(
      { ...deps, transport: { post: async () => ({ ok: false, status: 500, error: "HTTP 500" }) } },
      { deadLetters: null },
    );
    const id = await testDelivery();
    const before = Date.now();
    const res = await refusing({ Records: [record(id, WEBHOOK_QUEUE_MAX_RECEIVES, { group: "whk_1.ses_1" })] });
    expect(res.batchItemFailures).toHaveLength(0);
    expect(requeued).toEqual([
      {
        job: { tenantId: tenant.id, deliveryId: id, notBefore: expect.any(String) },
        opts: { groupId: "whk_1.ses_1", deduplicationId: expect.stringContaining(id) },
      },
    ]);
    // the backoff after the first attempt (30 s ± 10 %) rides on the job, as FIFO takes no delay
    const wait = Date.parse(requeued[0]!.job.notBefore!) - before;
    expect(wait).toBeGreaterThanOrEqual(25_000);
    expect(wait).toBeLessThanOrEqual(40_000);
    expect(await delivery(id)).toMatchObject({ status: "pending", attempts: 1 });
  });

  it("holds a job received before its notBefore invisible until then, without an attempt", async () => {
    let posts = 0;
    const visibility: number[] = [];
    const counting = createWebhooksHandler(
      {
        ...deps,
        transport: {
          post: async () => {
            posts += 1;
            return { ok: true, status: 200 };
          },
        },
        setVisibility: async (_rh, seconds) => void visibility.push(seconds),
      },
      { deadLetters: null },
    );
    const id = await testDelivery();
    const notBefore = new Date(Date.now() + 120_000).toISOString();
    const res = await counting({ Records: [record(id, 1, { notBefore, group: "whk_1.ses_1" })] });
    expect(res.batchItemFailures).toHaveLength(1);
    expect(posts).toBe(0);
    expect(visibility).toHaveLength(1);
    expect(visibility[0]).toBeGreaterThanOrEqual(110);
    expect(visibility[0]).toBeLessThanOrEqual(120);
    expect(await delivery(id)).toMatchObject({ status: "pending", attempts: 0 });
  });
});
