import { LOCAL_CREDENTIALS, createDocumentClient, createDynamoStores, createSqsClient, ensureQueue } from "@wharf/aws";
import type { FleetCommand } from "@wharf/contracts";
import type { CommandRouter } from "@wharf/core";
import pino from "pino";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { composeDataPath } from "./compose";
import { expectError, newTenant } from "./testing/expectations";
import { createHarness, type Harness } from "./testing/harness";

/**
 * A send whose command cannot be enqueued (DESIGN §5): the API answers 503 `unavailable`
 * (never 500), the stored message ends `failed` with a reason (never `queued` forever), and
 * the Idempotency-Key is free, so the client's retry with the same key is accepted.
 */
describe("a send whose command queue is down (DynamoDB Local)", () => {
  let h: Harness;
  let queueDown = true;
  const sent: FleetCommand[] = [];
  let stores: ReturnType<typeof createDynamoStores>;

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
      placementQueueUrl: await ensureQueue(sqs, `ctl-enq-placement-${suffix}`),
      webhooksQueueUrl: await ensureQueue(sqs, `ctl-enq-webhooks-${suffix}`),
      tokenKey: "k".repeat(40),
      tokenTtlSeconds: 60,
      realtimeUrl: "wss://realtime.example.test",
      management: null,
      allowPrivateWebhookTargets: false,
      clock: { now: () => new Date() },
      logger: pino({ level: "silent" }),
    });
    // the owner's inbox as SQS shows it during an outage: every send throws
    const commands: CommandRouter = {
      toOwner: async (_session, command) => {
        if (queueDown) throw Object.assign(new Error("connect ECONNREFUSED"), { name: "TimeoutError" });
        sent.push(command);
        return true;
      },
      place: async () => undefined,
    };
    stores = createDynamoStores({ doc, tableName: stack.tableName });
    h = createHarness(stores, { start: new Date().toISOString(), data: { ...data.app, commands } });
  });

  it("answers 503 unavailable, fails the message with a reason and accepts a retry with the same key", async () => {
    const t = await newTenant(h, "enqueue-down");
    const id = (await h.call("POST", "/v1/sessions", { key: t.key, json: { name: "s" } })).body.id;
    const session = (await stores.sessions.get(t.id, id))!;
    await stores.sessions.update(t.id, id, { status: "open", updatedAt: session.updatedAt });
    const send = () =>
      h.call("POST", `/v1/sessions/${id}/messages`, {
        key: t.key,
        json: { type: "text", to: "4915100000001", text: "out 😀" },
        headers: { "idempotency-key": "enqueue-down-1" },
      });

    const down = await send();
    expectError(down, 503, "unavailable");
    expect(Number(down.headers.get("retry-after"))).toBeGreaterThan(0);

    const page = await h.call("GET", `/v1/sessions/${id}/chats/4915100000001/messages`, { key: t.key });
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(1);
    const failed = page.body.data[0];
    expect(failed).toMatchObject({ status: "failed", failureCode: "enqueue_failed" });
    expect(failed.failureReason).toEqual(expect.any(String));

    queueDown = false;
    const retried = await send();
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ status: "queued" });
    expect(retried.body.id).not.toBe(failed.id);
    expect(sent).toEqual([expect.objectContaining({ type: "message.send_text" })]);
    // and the key now answers with that accepted send
    const replay = await send();
    expect(replay.status).toBe(202);
    expect(replay.body.id).toBe(retried.body.id);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
  });
});
