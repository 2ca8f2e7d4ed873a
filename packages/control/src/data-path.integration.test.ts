import {
  LOCAL_CREDENTIALS,
  claimSessionLease,
  createDocumentClient,
  createDynamoStores,
  createSqsClient,
  createWorkerRegistry,
  ensureQueue,
} from "@wharf/aws";
import { SESSION_STATUSES } from "@wharf/contracts";
import { newId } from "@wharf/core";
import pino from "pino";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { composeDataPath } from "./compose";
import { expectError, expectInvalid, newTenant, type TestTenant } from "./testing/expectations";
import { createHarness, type Harness } from "./testing/harness";

/**
 * Every data-path route over the DynamoDB adapters on DynamoDB Local and queues on fauxqs,
 * composed as on AWS (non-local: private webhook targets refused): bad input is a 400
 * naming the field, another tenant's ids are a 404 like unknown ones.
 */
const UNKNOWN = {
  ses: "ses_01JD0000000000000000000000",
  msg: "msg_01JD0000000000000000000000",
  whk: "whk_01JD0000000000000000000000",
  dlv: "dlv_01JD0000000000000000000000",
};

describe("data-path routes over DynamoDB Local (non-local mode)", () => {
  let h: Harness;
  let tenant: TestTenant;
  let other: TestTenant;
  let sessionId: string;
  let webhookId: string;
  let deliveryId: string;
  let ctx: { doc: ReturnType<typeof createDocumentClient>; tableName: string };

  beforeAll(async () => {
    const stack = inject("wharfStack");
    const doc = createDocumentClient({
      region: stack.region,
      endpoint: stack.dynamoEndpoint,
      credentials: LOCAL_CREDENTIALS,
    });
    const sqs = createSqsClient({ region: stack.region, endpoint: stack.sqsEndpoint, credentials: LOCAL_CREDENTIALS });
    ctx = { doc, tableName: stack.tableName };
    const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const logger = pino({ level: "silent" });
    const data = composeDataPath({
      doc,
      tableName: stack.tableName,
      sqs,
      placementQueueUrl: await ensureQueue(sqs, `ctl-placement-${suffix}`),
      webhooksQueueUrl: await ensureQueue(sqs, `ctl-webhooks-${suffix}`),
      tokenKey: "k".repeat(40),
      tokenTtlSeconds: 60,
      realtimeUrl: "wss://realtime.example.test",
      management: null,
      allowPrivateWebhookTargets: false,
      clock: { now: () => new Date() },
      logger,
    });
    h = createHarness(createDynamoStores({ doc, tableName: stack.tableName }), {
      start: new Date().toISOString(),
      data: data.app,
    });
    tenant = await newTenant(h, "dp-routes");
    other = await newTenant(h, "dp-routes-other");
    sessionId = (await h.call("POST", "/v1/sessions", { key: tenant.key, json: { name: "mine" } })).body.id;
    // a public IP literal passes the guard without DNS; nothing is delivered in this suite
    const hook = await h.call("POST", "/v1/webhooks", {
      key: tenant.key,
      json: { url: "https://93.184.216.34/hooks", events: ["message.received"] },
    });
    expect(hook.status).toBe(201);
    webhookId = hook.body.id;
    const test = await h.call("POST", `/v1/webhooks/${webhookId}/test`, { key: tenant.key });
    expect(test.status).toBe(202);
    deliveryId = test.body.id;
  });

  it("shows a session's owner while the owner's heartbeat keeps its lease, and none once the owner is gone", async () => {
    const id = (await h.call("POST", "/v1/sessions", { key: tenant.key, json: { name: "owned" } })).body.id;
    const registry = createWorkerRegistry(ctx, `ctl-owner-${Date.now().toString(36)}-`);
    const worker = newId("worker");
    await registry.register(
      { id: worker, inboxUrl: "http://inbox.test", capacity: 1, startedAt: new Date().toISOString() },
      new Date(),
    );
    // a fleet worker's claim: no expiry of its own, the heartbeat keeps it
    const claim = await claimSessionLease(ctx, {
      tenantId: tenant.id,
      sessionId: id,
      owner: worker,
      now: new Date(),
      ttlMs: 30_000,
      byHeartbeat: true,
    });
    expect(claim.status === "claimed" && claim.lease.leaseUntil).toBeNull();
    expect((await h.call("GET", `/v1/sessions/${id}`, { key: tenant.key })).body.owner).toBe(worker);
    await registry.remove(worker);
    await expect
      .poll(async () => (await h.call("GET", `/v1/sessions/${id}`, { key: tenant.key })).body.owner, {
        timeout: 15_000,
      })
      .toBeNull();
  });

  const sessionRoutes = (id: string): Array<[string, string, unknown?]> => [
    ["POST", `/v1/sessions/${id}/connect`, { method: "qr" }],
    ["POST", `/v1/sessions/${id}/disconnect`],
    ["POST", `/v1/sessions/${id}/logout`],
    ["GET", `/v1/sessions/${id}/qr`],
    ["POST", `/v1/sessions/${id}/messages`, { type: "text", to: "4915100000001", text: "x" }],
    ["GET", `/v1/sessions/${id}/messages/${UNKNOWN.msg}`],
    ["GET", `/v1/sessions/${id}/chats`],
    ["GET", `/v1/sessions/${id}/chats/4915100000001/messages`],
    ["POST", `/v1/sessions/${id}/chats/4915100000001/read`],
    ["GET", `/v1/sessions/${id}/contacts`],
  ];

  it("answers 404 for another tenant's session on every session route, and for unknown ones", async () => {
    for (const [method, path, json] of sessionRoutes(sessionId)) {
      expectError(await h.call(method, path, { key: other.key, ...(json ? { json } : {}) }), 404, "not_found");
    }
    for (const [method, path, json] of sessionRoutes(UNKNOWN.ses)) {
      expectError(await h.call(method, path, { key: tenant.key, ...(json ? { json } : {}) }), 404, "not_found");
    }
  });

  it("answers 400 on params.id for malformed session ids on every session route", async () => {
    for (const [method, path, json] of sessionRoutes("ses_nope")) {
      expectInvalid(await h.call(method, path, { key: tenant.key, ...(json ? { json } : {}) }), "params.id");
    }
    expectInvalid(
      await h.call("GET", `/v1/sessions/${sessionId}/messages/msg_bad`, { key: tenant.key }),
      "params.msgId",
    );
    expectInvalid(
      await h.call("GET", `/v1/sessions/${sessionId}/chats/not-a-number/messages`, { key: tenant.key }),
      "params.jid",
    );
    expectInvalid(
      await h.call("GET", `/v1/sessions/${sessionId}/chats/1@broadcast/messages`, { key: tenant.key }),
      "params.jid",
    );
  });

  it.each([
    ["no method", {}, "body.method"],
    ["unknown method", { method: "carrier_pigeon" }, "body.method"],
    ["pairing without phone", { method: "pairing_code" }, "body.phone"],
    ["pairing with a bad phone", { method: "pairing_code", phone: "12" }, "body.phone"],
    ["pairing with a JID", { method: "pairing_code", phone: "4915123456789@s.whatsapp.net" }, "body.phone"],
    ["extra field", { method: "qr", force: true }, "body.force"],
  ])("connect rejects %s with 400", async (_n, json, path) => {
    expectInvalid(await h.call("POST", `/v1/sessions/${sessionId}/connect`, { key: tenant.key, json }), path);
  });

  it.each([
    ["unsupported type", { type: "hologram", to: "4915100000001", text: "x" }, "body.type"],
    ["empty text", { type: "text", to: "4915100000001", text: "" }, "body.text"],
    ["no recipient", { type: "text", text: "x" }, "body.to"],
    ["unknown field", { type: "text", to: "4915100000001", text: "x", priority: 1 }, "body.priority"],
  ])("send rejects %s with 400", async (_n, json, path) => {
    expectInvalid(await h.call("POST", `/v1/sessions/${sessionId}/messages`, { key: tenant.key, json }), path);
  });

  it("send takes a body without type as a text, as the first API version sent it", async () => {
    const res = await h.call("POST", `/v1/sessions/${sessionId}/messages`, {
      key: tenant.key,
      json: { to: "4915100000001", text: "x" },
    });
    // past validation: whatever the session's state answers, it is not a body error
    expect(res.status).not.toBe(400);
    expect(res.body.error?.code ?? null).not.toBe("validation_failed");
  });

  it("send rejects a malformed Idempotency-Key with 400", async () => {
    const res = await h.call("POST", `/v1/sessions/${sessionId}/messages`, {
      key: tenant.key,
      json: { type: "text", to: "4915100000001", text: "x" },
      headers: { "idempotency-key": "k".repeat(256) },
    });
    expectInvalid(res, "headers.idempotency-key");
  });

  it("pages reject bad limits and cursors with 400", async () => {
    for (const path of [
      `/v1/sessions/${sessionId}/chats`,
      `/v1/sessions/${sessionId}/contacts`,
      `/v1/sessions/${sessionId}/chats/4915100000001/messages`,
      "/v1/webhooks",
      `/v1/webhooks/${webhookId}/deliveries`,
    ]) {
      expectInvalid(await h.call("GET", `${path}?limit=0`, { key: tenant.key }), "query.limit");
      expectInvalid(await h.call("GET", `${path}?cursor=bm90LWEtY3Vyc29y`, { key: tenant.key }), "query.cursor");
    }
  });

  it.each([
    ["no url", { events: ["message.received"] }, "body.url"],
    ["not a URL", { url: "nope", events: ["message.received"] }, "body.url"],
    ["ftp URL", { url: "ftp://example.com/x", events: ["message.received"] }, "body.url"],
    ["no events", { url: "https://93.184.216.34/x", events: [] }, "body.events"],
    ["unknown event", { url: "https://93.184.216.34/x", events: ["message.exploded"] }, "body.events.0"],
    ["repeated event", { url: "https://93.184.216.34/x", events: ["message.status", "message.status"] }, "body.events"],
    [
      "bad session filter",
      { url: "https://93.184.216.34/x", events: ["message.status"], sessionIds: ["nope"] },
      "body.sessionIds.0",
    ],
    ["credentials in URL", { url: "https://u:p@93.184.216.34/x", events: ["message.status"] }, "body.url"],
  ])("webhook create rejects %s with 400", async (_n, json, path) => {
    expectInvalid(await h.call("POST", "/v1/webhooks", { key: tenant.key, json }), path);
  });

  it.each([
    "http://127.0.0.1:8080/hook",
    "http://localhost/hook",
    "http://10.1.2.3/x",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/x",
    "http://[::ffff:127.0.0.1]/x",
    "http://192.168.1.10/x",
  ])("the SSRF guard refuses %s outside local mode", async (url) => {
    const err = expectInvalid(
      await h.call("POST", "/v1/webhooks", { key: tenant.key, json: { url, events: ["message.status"] } }),
      "body.url",
    );
    expect(err.details?.[0]?.code).toMatch(/private_address|unresolvable_host/);
  });

  it("answers 404 for another tenant's webhooks and deliveries, 400 for malformed ids", async () => {
    for (const [method, path] of [
      ["GET", `/v1/webhooks/${webhookId}`],
      ["DELETE", `/v1/webhooks/${webhookId}`],
      ["POST", `/v1/webhooks/${webhookId}/test`],
      ["GET", `/v1/webhooks/${webhookId}/deliveries`],
      ["POST", `/v1/webhooks/deliveries/${deliveryId}/redeliver`],
    ] as const) {
      expectError(await h.call(method, path, { key: other.key }), 404, "not_found");
      expectError(
        await h.call(method, path.replace(webhookId, UNKNOWN.whk).replace(deliveryId, UNKNOWN.dlv), {
          key: tenant.key,
        }),
        404,
        "not_found",
      );
      expectInvalid(
        await h.call(method, path.replace(webhookId, "whk_x").replace(deliveryId, "dlv_x"), { key: tenant.key }),
        "params.id",
      );
    }
    const list = await h.call("GET", "/v1/webhooks", { key: other.key });
    expect(list.body.data).toEqual([]);
    expect((await h.call("GET", `/v1/webhooks/${webhookId}`, { key: tenant.key })).status).toBe(200);
  });

  it("refuses to redeliver a delivery that is still pending (409)", async () => {
    const res = await h.call("POST", `/v1/webhooks/deliveries/${deliveryId}/redeliver`, { key: tenant.key });
    expectError(res, 409, "invalid_state");
  });

  it("answers 409 with a specific code when the session is in the wrong state", async () => {
    const s = (await h.call("POST", "/v1/sessions", { key: tenant.key, json: { name: "idle" } })).body.id;
    expect(
      expectError(await h.call("POST", `/v1/sessions/${s}/disconnect`, { key: tenant.key }), 409, "invalid_state")
        .details?.[0]?.code,
    ).toBe("session_not_connected");
    expect(
      expectError(await h.call("POST", `/v1/sessions/${s}/logout`, { key: tenant.key }), 409, "invalid_state")
        .details?.[0]?.code,
    ).toBe("session_not_linked");
    expect(
      expectError(await h.call("GET", `/v1/sessions/${s}/qr`, { key: tenant.key }), 409, "invalid_state").details?.[0]
        ?.code,
    ).toBe("session_not_linking");
    expect(
      expectError(
        await h.call("POST", `/v1/sessions/${s}/messages`, {
          key: tenant.key,
          json: { type: "text", to: "4915100000001", text: "x" },
        }),
        409,
        "invalid_state",
      ).details?.[0]?.code,
    ).toBe("session_not_open");
  });

  it("GET /v1/fleet is for the platform admin only", async () => {
    expectError(await h.call("GET", "/v1/fleet", { key: tenant.key }), 403, "forbidden");
    expectError(await h.call("GET", "/v1/fleet"), 401, "unauthorized");
    const view = await h.call("GET", "/v1/fleet", { key: h.adminKey });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      workers: expect.any(Array),
      totals: { workers: expect.any(Number) },
      reconnectsLast5m: expect.any(Number),
    });
    // counts come from a census summary cached for 2 min per table (other suites share it), so
    // only their shape is asserted here; stores/session-census.test.ts checks the counting
    for (const status of SESSION_STATUSES) expect(view.body.sessionsByStatus[status]).toEqual(expect.any(Number));
  });

  it("documents the data-path routes in the OpenAPI document", async () => {
    const doc = (await h.call("GET", "/v1/openapi.json")).body;
    for (const path of [
      "/v1/sessions/{id}/connect",
      "/v1/sessions/{id}/messages",
      "/v1/sessions/{id}/chats/{jid}/messages",
      "/v1/webhooks/deliveries/{id}/redeliver",
      "/v1/realtime/tokens",
      "/v1/fleet",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
