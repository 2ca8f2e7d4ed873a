import { LOCAL_CREDENTIALS, createDocumentClient, createDynamoStores, createSqsClient, ensureQueue } from "@wharf/aws";
import { MAX_TEXT_LENGTH } from "@wharf/contracts";
import pino from "pino";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { MAX_BODY_BYTES } from "./app";
import { composeDataPath } from "./compose";
import { HTTP_STATUS_BY_CODE } from "./http/errors";
import { expectError, newTenant, type TestTenant } from "./testing/expectations";
import { createHarness, type Harness } from "./testing/harness";

interface Parameter {
  name: string;
  in: string;
  example?: unknown;
  schema?: { example?: unknown };
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: unknown;
  security?: Array<Record<string, unknown>>;
  responses: Record<string, { description: string }>;
}
interface Op {
  method: string;
  path: string;
  op: Operation;
}

/** Every operation of the served document, every route of the app with its data path. */
function operations(doc: { paths: Record<string, Record<string, Operation>> }): Op[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method, path, op })),
  );
}

/** The operation's path with each parameter replaced by its documented example (well-formed ids nobody owns). */
function concretePath({ path, op }: Op): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const p = op.parameters?.find((x) => x.in === "path" && x.name === name);
    const example = p?.example ?? p?.schema?.example;
    if (typeof example !== "string") throw new Error(`${path}: no example for {${name}}`);
    return encodeURIComponent(example);
  });
}

const isAuthenticated = (op: Operation) => (op.security ?? []).some((s) => Object.keys(s).length > 0);
const namesResource = (op: Operation) => (op.parameters ?? []).some((p) => p.in === "path");

/**
 * The statuses the document promises, checked against facts about each route (stated here
 * independently of the code that derives them) and against what the app really answers.
 */
describe("OpenAPI error statuses of every route (DynamoDB Local, fauxqs)", () => {
  let h: Harness;
  let tenant: TestTenant;
  let doc: { paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    const stack = inject("wharfStack");
    const doc_ = createDocumentClient({
      region: stack.region,
      endpoint: stack.dynamoEndpoint,
      credentials: LOCAL_CREDENTIALS,
    });
    const sqs = createSqsClient({ region: stack.region, endpoint: stack.sqsEndpoint, credentials: LOCAL_CREDENTIALS });
    const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const data = composeDataPath({
      doc: doc_,
      tableName: stack.tableName,
      sqs,
      placementQueueUrl: await ensureQueue(sqs, `oas-placement-${suffix}`),
      webhooksQueueUrl: await ensureQueue(sqs, `oas-webhooks-${suffix}`),
      tokenKey: "k".repeat(40),
      tokenTtlSeconds: 60,
      realtimeUrl: "wss://realtime.example.test",
      management: null,
      allowPrivateWebhookTargets: false,
      clock: { now: () => new Date() },
      logger: pino({ level: "silent" }),
    });
    h = createHarness(createDynamoStores({ doc: doc_, tableName: stack.tableName }), {
      start: new Date().toISOString(),
      data: data.app,
    });
    tenant = await newTenant(h, "openapi-statuses");
    doc = (await h.call("GET", "/v1/openapi.json")).body;
  });

  const keyFor = (op: Operation) => ((op.security ?? []).some((s) => "adminKey" in s) ? h.adminKey : tenant.key);

  it("lists, for every route, each status its facts imply, each described by the codes of the one error mapping", () => {
    expect(operations(doc).length).toBeGreaterThan(30);
    for (const o of operations(doc)) {
      const { op } = o;
      const expected = ["500"];
      if (op.requestBody || (op.parameters ?? []).length > 0) expected.push("400");
      if (isAuthenticated(op)) expected.push("401", "403");
      if (namesResource(op)) expected.push("404");
      if (o.method !== "get") expected.push("413");
      if (op.requestBody) expected.push("415");
      expect({ route: `${o.method} ${o.path}`, statuses: Object.keys(op.responses) }).toEqual({
        route: `${o.method} ${o.path}`,
        statuses: expect.arrayContaining(expected),
      });
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const codes = Object.entries(HTTP_STATUS_BY_CODE)
          .filter(([, s]) => String(s) === status)
          .map(([c]) => c);
        expect(
          codes.some((c) => response.description.includes(`${c}:`)),
          `${o.method} ${o.path} ${status}: ${response.description}`,
        ).toBe(true);
      }
    }
  });

  it("answers 401 without a key on every route that lists 401", async () => {
    for (const o of operations(doc).filter((x) => "401" in x.op.responses)) {
      expectError(await h.call(o.method.toUpperCase(), concretePath(o)), 401, "unauthorized");
    }
  });

  it("answers 415 to a body that is not JSON on every route that takes a body", async () => {
    const bodyRoutes = operations(doc).filter((x) => x.op.requestBody);
    expect(bodyRoutes.length).toBeGreaterThan(5);
    for (const o of bodyRoutes) {
      expect(o.op.responses).toHaveProperty("415");
      const res = await h.call(o.method.toUpperCase(), concretePath(o), {
        key: keyFor(o.op),
        raw: "name=x",
        headers: { "content-type": "text/plain" },
      });
      expectError(res, 415, "unsupported_media_type");
    }
  });

  it("answers 413 to a body over the limit on every route that lists 413, with or without a declared body", async () => {
    const big = JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES) });
    for (const o of operations(doc).filter((x) => "413" in x.op.responses)) {
      const res = await h.call(o.method.toUpperCase(), concretePath(o), {
        key: keyFor(o.op),
        raw: big,
        headers: { "content-type": "application/json" },
      });
      expectError(res, 413, "payload_too_large");
    }
  });

  it("answers 404 for a well-formed id nobody owns on every body-less route that names a resource", async () => {
    const routes = operations(doc).filter((x) => namesResource(x.op) && !x.op.requestBody);
    expect(routes.length).toBeGreaterThan(10);
    for (const o of routes) {
      expect(o.op.responses).toHaveProperty("404");
      expectError(await h.call(o.method.toUpperCase(), concretePath(o), { key: keyFor(o.op) }), 404, "not_found");
    }
  });

  it("lets a maximal text through the body limit and validation even with every character escaped as \\uXXXX", async () => {
    const sessionId = (await h.call("POST", "/v1/sessions", { key: tenant.key, json: { name: "limits" } })).body
      .id as string;
    const text = "\\u00e9".repeat(MAX_TEXT_LENGTH);
    const raw = `{"type":"text","to":"4915100000001","text":"${text}"}`;
    expect(raw.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const res = await h.call("POST", `/v1/sessions/${sessionId}/messages`, {
      key: tenant.key,
      raw,
      headers: { "content-type": "application/json" },
    });
    // past the limit and the schema: the handler answers that this session is not connected
    expect(res.body.error).toMatchObject({
      code: "invalid_state",
      details: [expect.objectContaining({ code: "session_not_open" })],
    });

    const tooLong = `{"type":"text","to":"4915100000001","text":"${"\\u00e9".repeat(MAX_TEXT_LENGTH + 1)}"}`;
    expect(
      (
        await h.call("POST", `/v1/sessions/${sessionId}/messages`, {
          key: tenant.key,
          raw: tooLong,
          headers: { "content-type": "application/json" },
        })
      ).status,
    ).toBe(400);
    const overLimit = `{"type":"text","to":"4915100000001","text":"${"x".repeat(MAX_BODY_BYTES)}"}`;
    expectError(
      await h.call("POST", `/v1/sessions/${sessionId}/messages`, {
        key: tenant.key,
        raw: overLimit,
        headers: { "content-type": "application/json" },
      }),
      413,
      "payload_too_large",
    );
  });
});
