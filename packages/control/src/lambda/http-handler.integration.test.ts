import { generateApiKeySecret } from "@wharf/core";
import type { APIGatewayProxyResult, Context } from "aws-lambda";
import { describe, expect, inject, it } from "vitest";
import { MAX_BODY_BYTES } from "../app";
import { createHttpHandler } from "./http-handler";

type HttpHandler = ReturnType<typeof createHttpHandler>;
type ApiEvent = Extract<Parameters<HttpHandler>[0], { rawPath: string }>;

/** An API Gateway HTTP API (payload v2) event, as the $default route delivers it. */
function apiEvent(
  method: string,
  path: string,
  opts: { key?: string; body?: string; query?: string; headers?: Record<string, string> } = {},
): ApiEvent {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: opts.query ?? "",
    headers: {
      host: "api.example.test",
      ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...opts.headers,
    },
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "api.example.test",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.9", userAgent: "vitest" },
      requestId: "apigw-req",
      routeKey: "$default",
      stage: "$default",
      time: "01/Jan/2025:00:00:00 +0000",
      timeEpoch: 1735689600000,
      authentication: null,
      authorizer: {},
    },
    body: opts.body ?? null,
    isBase64Encoded: false,
  };
}

async function invoke(handler: HttpHandler, event: ApiEvent) {
  const res = (await handler(event, {} as Context)) as APIGatewayProxyResult;
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers ?? {} };
}

function stackEnv(extra: Record<string, string> = {}): Record<string, string> {
  const stack = inject("wharfStack");
  return {
    AWS_REGION: stack.region,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: stack.sqsEndpoint,
    WHARF_TABLE_NAME: stack.tableName,
    // the data path's queues and token key; these tests never send to the queues
    WHARF_PLACEMENT_QUEUE_URL: `${stack.sqsEndpoint}/000000000000/placement`,
    WHARF_WEBHOOKS_QUEUE_URL: `${stack.sqsEndpoint}/000000000000/webhooks`,
    WHARF_TOKEN_KEY: "t".repeat(40),
    LOG_LEVEL: "silent",
    ...extra,
  };
}

describe("Lambda http handler (hono/aws-lambda) on DynamoDB Local", () => {
  it("configures itself from env once and serves tenants, keys and sessions", async () => {
    const adminKey = generateApiKeySecret();
    const handler = createHttpHandler(stackEnv({ WHARF_ADMIN_KEY: adminKey }));

    const health = await invoke(handler, apiEvent("GET", "/v1/health"));
    expect(health).toMatchObject({ status: 200, body: { status: "ok", version: expect.any(String) } });

    const created = await invoke(
      handler,
      apiEvent("POST", "/v1/tenants", { key: adminKey, body: JSON.stringify({ name: "lambda" }) }),
    );
    expect(created.status).toBe(201);
    const tenantKey = created.body.apiKey.secret as string;

    const session = await invoke(
      handler,
      apiEvent("POST", "/v1/sessions", { key: tenantKey, body: JSON.stringify({ name: "from lambda" }) }),
    );
    expect(session.status).toBe(201);
    const list = await invoke(handler, apiEvent("GET", "/v1/sessions", { key: tenantKey, query: "limit=5" }));
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([session.body.id]);
  });

  it("answers bad input through API Gateway with 4xx, never 500", async () => {
    const adminKey = generateApiKeySecret();
    const handler = createHttpHandler(stackEnv({ WHARF_ADMIN_KEY: adminKey }));
    const badJson = await invoke(handler, apiEvent("POST", "/v1/tenants", { key: adminKey, body: "{oops" }));
    expect(badJson).toMatchObject({ status: 400, body: { error: { code: "validation_failed" } } });
    const badQuery = await invoke(handler, apiEvent("GET", "/v1/tenants", { key: adminKey, query: "limit=0" }));
    expect(badQuery.body.error.details[0].path).toBe("query.limit");
    const noKey = await invoke(handler, apiEvent("GET", "/v1/sessions"));
    expect(noKey.status).toBe(401);
    expect(noKey.headers["www-authenticate"]).toMatch(/^Bearer/);
    const unknown = await invoke(handler, apiEvent("GET", "/v1/unknown"));
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: "route_not_found" } } });
    const tooBig = await invoke(
      handler,
      apiEvent("POST", "/v1/tenants", { key: adminKey, body: JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES) }) }),
    );
    expect(tooBig).toMatchObject({ status: 413, body: { error: { code: "payload_too_large" } } });
  });

  it("prefers SST links (table, admin key, stage) over plain env", async () => {
    const adminKey = generateApiKeySecret();
    const stack = inject("wharfStack");
    const links = {
      App: { name: "wharf", stage: "ci" },
      Table: { name: stack.tableName },
      AdminKey: { value: adminKey },
    };
    const handler = createHttpHandler(stackEnv({ WHARF_TABLE_NAME: "not-the-table" }), links);
    const res = await invoke(
      handler,
      apiEvent("POST", "/v1/tenants", { key: adminKey, body: JSON.stringify({ name: "linked" }) }),
    );
    expect(res.status).toBe(201);
  });

  it("refuses to start without an admin key rather than serving an API nobody can administer", () => {
    expect(() => createHttpHandler(stackEnv())).toThrow(/WHARF_ADMIN_KEY/);
  });
});
