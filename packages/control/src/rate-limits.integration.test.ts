import type { PlanName } from "@wharf/contracts";
import { LOCAL_CREDENTIALS, createDocumentClient, createDynamoStores, createLimitStore } from "@wharf/aws";
import { PLANS, type PlanLimits, countMessage } from "@wharf/core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { LimitsDeps } from "./http/rate-limit";
import { expectError, newTenant, type TestTenant } from "./testing/expectations";
import { createFakeDataPath } from "./testing/fake-data-path";
import { type CallResult, createHarness, type Harness } from "./testing/harness";

/** Small numbers, so every edge is reached in a few requests. */
const TINY: Record<PlanName, PlanLimits> = {
  free: { requestsPerSecond: 1, burst: 5, quotas: { sessions: 2, apiKeys: 3, webhooks: 2, messagesPerDay: 3 } },
  pro: { requestsPerSecond: 1000, burst: 1000, quotas: { sessions: 4, apiKeys: 4, webhooks: 3, messagesPerDay: 4 } },
  enterprise: PLANS.enterprise,
};
const AUTH_FAILURES = { maxFailures: 3, windowSeconds: 60 };
const PUBLIC_HOOK = { url: "https://93.184.216.34/hooks", events: ["message.received"] };

function stackDoc() {
  const stack = inject("wharfStack");
  const doc = createDocumentClient({
    region: stack.region,
    endpoint: stack.dynamoEndpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  return { doc, tableName: stack.tableName };
}

/** in-memory webhooks, messages, …, shared by both instances like the real table would be */
const sharedDataPath = createFakeDataPath().data;

/** One app instance over the shared table: its own document client and limit store. */
function instance(start: string): { h: Harness; limits: LimitsDeps } {
  const ctx = stackDoc();
  const limits: LimitsDeps = { store: createLimitStore(ctx), plans: TINY, authFailures: AUTH_FAILURES };
  const h = createHarness(createDynamoStores(ctx), { start, data: { ...sharedDataPath, limits } });
  return { h, limits };
}

const statuses = (results: CallResult[]) => results.map((r) => r.status).sort();

describe("rate limits, quotas and plans over DynamoDB Local", () => {
  const start = new Date().toISOString();
  let a: ReturnType<typeof instance>;
  let b: ReturnType<typeof instance>;

  beforeAll(() => {
    a = instance(start);
    b = instance(start);
  });

  describe("plans", () => {
    it("a new tenant is on the default plan and the admin changes it with PATCH", async () => {
      const t = await newTenant(a.h, "plans");
      expect((await a.h.call("GET", `/v1/tenants/${t.id}`, { key: a.h.adminKey })).body.plan).toBe("pro");
      const patched = await a.h.call("PATCH", `/v1/tenants/${t.id}`, { key: a.h.adminKey, json: { plan: "free" } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ id: t.id, plan: "free" });
      expect((await a.h.call("GET", `/v1/tenants/${t.id}`, { key: a.h.adminKey })).body.plan).toBe("free");
    });

    it("refuses an unknown plan (400), an unknown tenant (404) and a tenant key (403)", async () => {
      const t = await newTenant(a.h, "plans-bad");
      const bad = await a.h.call("PATCH", `/v1/tenants/${t.id}`, { key: a.h.adminKey, json: { plan: "platinum" } });
      expect(expectError(bad, 400, "validation_failed").details?.map((d) => d.path)).toContain("body.plan");
      const unknown = "ten_01JD0000000000000000000000";
      expectError(
        await a.h.call("PATCH", `/v1/tenants/${unknown}`, { key: a.h.adminKey, json: { plan: "free" } }),
        404,
        "not_found",
      );
      expectError(
        await a.h.call("PATCH", `/v1/tenants/${t.id}`, { key: t.key, json: { plan: "enterprise" } }),
        403,
        "forbidden",
      );
    });

    it("a plan change takes effect on the next request (the new plan's quota applies)", async () => {
      const t = await newTenant(a.h, "plans-effect");
      for (let i = 0; i < 2; i++)
        expect((await a.h.call("POST", "/v1/sessions", { key: t.key, json: { name: `s${i}` } })).status).toBe(201);
      await a.h.call("PATCH", `/v1/tenants/${t.id}`, { key: a.h.adminKey, json: { plan: "free" } });
      const over = await a.h.call("POST", "/v1/sessions", { key: t.key, json: { name: "third" } });
      expect(expectError(over, 429, "quota_exceeded").details).toEqual([
        expect.objectContaining({ path: "quota.sessions", code: "sessions" }),
      ]);
    });
  });

  describe("quotas at their edge, under concurrent creates", () => {
    let t: TestTenant;
    beforeAll(async () => {
      t = await newTenant(a.h, "quotas");
    });

    async function createMany(n: number, path: string, body: (i: number) => unknown) {
      // half on each instance: the count is shared through the table
      return Promise.all(
        Array.from({ length: n }, (_, i) => (i % 2 ? a : b).h.call("POST", path, { key: t.key, json: body(i) })),
      );
    }

    it("sessions: the N+1th create is 429 quota_exceeded naming the quota; a delete frees one", async () => {
      const results = await createMany(7, "/v1/sessions", (i) => ({ name: `s${i}` }));
      expect(statuses(results)).toEqual([201, 201, 201, 201, 429, 429, 429]);
      const refused = results.find((r) => r.status === 429)!;
      expect(expectError(refused, 429, "quota_exceeded").details?.[0]).toMatchObject({ path: "quota.sessions" });
      expect(refused.headers.get("retry-after")).toBeNull();
      const id = results.find((r) => r.status === 201)!.body.id;
      expect((await a.h.call("DELETE", `/v1/sessions/${id}`, { key: t.key })).status).toBe(204);
      expect((await b.h.call("POST", "/v1/sessions", { key: t.key, json: { name: "again" } })).status).toBe(201);
      expect((await b.h.call("POST", "/v1/sessions", { key: t.key, json: { name: "over" } })).status).toBe(429);
    });

    it("API keys (the tenant's first key counts): the N+1th is 429; revoking frees one", async () => {
      const results = await createMany(6, "/v1/api-keys", (i) => ({ name: `k${i}` }));
      expect(statuses(results)).toEqual([201, 201, 201, 429, 429, 429]);
      expect(expectError(results.find((r) => r.status === 429)!, 429, "quota_exceeded").details?.[0]?.path).toBe(
        "quota.apiKeys",
      );
      const id = results.find((r) => r.status === 201)!.body.id;
      expect((await a.h.call("DELETE", `/v1/api-keys/${id}`, { key: t.key })).status).toBe(204);
      expect((await a.h.call("POST", "/v1/api-keys", { key: t.key, json: { name: "again" } })).status).toBe(201);
    });

    it("webhooks: the N+1th is 429; deleting frees one; a failed create takes nothing", async () => {
      const invalid = await a.h.call("POST", "/v1/webhooks", {
        key: t.key,
        json: { ...PUBLIC_HOOK, url: "https://127.0.0.1/x" },
      });
      expect(invalid.status).toBe(400);
      const results = await createMany(5, "/v1/webhooks", () => PUBLIC_HOOK);
      expect(statuses(results)).toEqual([201, 201, 201, 429, 429]);
      expect(expectError(results.find((r) => r.status === 429)!, 429, "quota_exceeded").details?.[0]?.path).toBe(
        "quota.webhooks",
      );
      const id = results.find((r) => r.status === 201)!.body.id;
      expect((await a.h.call("DELETE", `/v1/webhooks/${id}`, { key: t.key })).status).toBe(204);
      expect((await a.h.call("POST", "/v1/webhooks", { key: t.key, json: PUBLIC_HOOK })).status).toBe(201);
    });

    it("messages per day: a send at the day's limit is 429 with Retry-After until 00:00 UTC; a failed send takes nothing", async () => {
      const m = await newTenant(a.h, "messages");
      const session = (await a.h.call("POST", "/v1/sessions", { key: m.key, json: { name: "m" } })).body.id;
      const now = a.h.clock.now().getTime();
      for (let i = 0; i < TINY.pro.quotas.messagesPerDay - 1; i++)
        await countMessage(a.limits.store, m.id, "pro", now, TINY.pro);
      const send = () =>
        a.h.call("POST", `/v1/sessions/${session}/messages`, {
          key: m.key,
          json: { type: "text", to: "4915100000001", text: "x" },
        });
      // the last unit of the day: the request reaches the handler (the session is not open: 409) and gives it back
      expect((await send()).status).toBe(409);
      expect((await send()).status).toBe(409);
      await countMessage(a.limits.store, m.id, "pro", now, TINY.pro);
      const over = await send();
      expect(expectError(over, 429, "quota_exceeded").details?.[0]?.path).toBe("quota.messagesPerDay");
      const untilMidnight = Math.ceil((Math.floor(now / 86_400_000 + 1) * 86_400_000 - now) / 1000);
      expect(Number(over.headers.get("retry-after"))).toBe(untilMidnight);
    });
  });

  describe("per-key request rate", () => {
    it("two app instances on one table share one bucket per key; over it is 429 with Retry-After and RateLimit", async () => {
      const t = await newTenant(a.h, "rate");
      expect(
        (await a.h.call("PATCH", `/v1/tenants/${t.id}`, { key: a.h.adminKey, json: { plan: "free" } })).status,
      ).toBe(200);
      const results = await Promise.all(
        Array.from({ length: 9 }, (_, i) => (i % 2 ? a : b).h.call("GET", "/v1/sessions", { key: t.key })),
      );
      // burst 5 on the free plan of this table, and the clock stands still: exactly 5 pass, across both
      expect(statuses(results)).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429]);
      const passed = results.filter((r) => r.status === 200);
      // r tokens left, full again in t seconds at one token per second
      expect(passed.map((r) => r.headers.get("ratelimit")).sort()).toEqual(
        [0, 1, 2, 3, 4].map((r) => `"key";r=${r};t=${5 - r}`),
      );
      expect(passed[0]!.headers.get("ratelimit-policy")).toBe('"key";q=5;w=5');
      const refused = results.find((r) => r.status === 429)!;
      expectError(refused, 429, "rate_limited");
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(refused.headers.get("ratelimit")).toBe('"key";r=0;t=5');
      // one second later one token is back, on either instance (both clocks move)
      a.h.clock.advance(1000);
      b.h.clock.advance(1000);
      expect((await b.h.call("GET", "/v1/sessions", { key: t.key })).status).toBe(200);
      expect((await a.h.call("GET", "/v1/sessions", { key: t.key })).status).toBe(429);
    });

    it("another key of the same tenant has its own bucket", async () => {
      const t = await newTenant(a.h, "rate-keys");
      const second = await a.h.call("POST", "/v1/api-keys", { key: t.key, json: { name: "second" } });
      await a.h.call("PATCH", `/v1/tenants/${t.id}`, { key: a.h.adminKey, json: { plan: "free" } });
      for (let i = 0; i < 5; i++) await a.h.call("GET", "/v1/sessions", { key: t.key });
      expect((await a.h.call("GET", "/v1/sessions", { key: t.key })).status).toBe(429);
      expect((await a.h.call("GET", "/v1/sessions", { key: second.body.secret })).status).toBe(200);
    });
  });

  describe("failed-auth throttling per source address", () => {
    const address = `2001:db8::${Math.floor(Math.random() * 0xffff).toString(16)}:${Date.now() % 0xffff}`;
    const from = (h: Harness, ip: string, key: string) =>
      h.app.request(
        "/v1/sessions",
        { headers: { authorization: `Bearer ${key}` } },
        { incoming: { socket: { remoteAddress: ip } } },
      );

    it("after N wrong keys an address gets 429 on every request until the window ends; others are untouched", async () => {
      const t = await newTenant(a.h, "auth-throttle");
      for (let i = 0; i < AUTH_FAILURES.maxFailures; i++) {
        expect((await from(i % 2 ? a.h : b.h, address, "wharf_sk_wrong")).status).toBe(401);
      }
      const blocked = await from(a.h, address, t.key);
      expect(blocked.status).toBe(429);
      expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
      expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await from(b.h, address, t.key)).status).toBe(429);
      expect((await from(a.h, `${address}1`, t.key)).status).toBe(200);
      a.h.clock.advance(AUTH_FAILURES.windowSeconds * 1000);
      expect((await from(a.h, address, t.key)).status).toBe(200);
    });

    it("an address read as not blocked is trusted for a while, but its own 401s make every next request read again", async () => {
      const t = await newTenant(a.h, "auth-throttle-cleared");
      const caller = `${address}:c`;
      // the instance has just read this address as clear (its short per-instance trust)
      expect((await from(a.h, caller, t.key)).status).toBe(200);
      for (let i = 0; i < AUTH_FAILURES.maxFailures; i++) {
        expect((await from(a.h, caller, "wharf_sk_wrong")).status).toBe(401);
      }
      expect((await from(a.h, caller, t.key)).status).toBe(429);
      expect((await from(b.h, caller, t.key)).status).toBe(429);
    });
  });

  it("the OpenAPI document gives every tenant operation a 429 with Retry-After and the RateLimit headers", async () => {
    const doc = (await a.h.call("GET", "/v1/openapi.json")).body;
    let tenantOps = 0;
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        if (!op.security?.length) continue;
        expect(Object.keys(op.responses["429"]?.headers ?? {}), `${method} ${path}`).toContain("Retry-After");
        if (!op.security.some((s: object) => "tenantKey" in s)) continue;
        tenantOps++;
        expect(Object.keys(op.responses["429"].headers), `${method} ${path}`).toEqual(
          expect.arrayContaining(["RateLimit", "RateLimit-Policy"]),
        );
        expect(op.responses["429"].description).toContain("quota_exceeded");
      }
    }
    expect(tenantOps).toBeGreaterThan(20);
  });
});
