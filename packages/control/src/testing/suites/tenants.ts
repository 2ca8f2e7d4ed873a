import { describe, expect, it } from "vitest";
import { expectError, expectInvalid, expectUnauthorized, newTenant } from "../expectations";
import type { Harness } from "../harness";

const UNKNOWN_TENANT = "ten_01JD0000000000000000000000";

export function tenantRoutesSuite(h: () => Harness) {
  describe("tenants (admin key)", () => {
    it("POST /v1/tenants creates the tenant and a first key whose secret is shown once", async () => {
      const res = await h().call("POST", "/v1/tenants", { key: h().adminKey, json: { name: "  Acme  " } });
      expect(res.status).toBe(201);
      expect(res.body.tenant).toMatchObject({ id: expect.stringMatching(/^ten_/), name: "Acme" });
      expect(res.body.apiKey).toMatchObject({
        id: expect.stringMatching(/^key_/),
        tenantId: res.body.tenant.id,
        name: "default",
        secret: expect.stringMatching(/^wharf_sk_/),
        lastUsedAt: null,
      });
      expect(res.body.apiKey.secret.startsWith(res.body.apiKey.prefix)).toBe(true);
      expect(res.body.apiKey).not.toHaveProperty("hash");

      const sessions = await h().call("GET", "/v1/sessions", { key: res.body.apiKey.secret });
      expect(sessions.status).toBe(200);
    });

    it("GET /v1/tenants/{id} returns the tenant", async () => {
      const t = await newTenant(h(), "get");
      const res = await h().call("GET", `/v1/tenants/${t.id}`, { key: h().adminKey });
      expect(res.status).toBe(200);
      // no plan assigned: the default plan is in force
      expect(res.body).toEqual({
        id: t.id,
        name: expect.stringMatching(/^get /),
        createdAt: expect.any(String),
        plan: "pro",
      });
    });

    it("GET /v1/tenants pages through every tenant, including new ones", async () => {
      const mine = [await newTenant(h(), "list"), await newTenant(h(), "list"), await newTenant(h(), "list")];
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const qs: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
        const res = await h().call("GET", `/v1/tenants${qs}`, { key: h().adminKey });
        expect(res.status).toBe(200);
        expect(res.body.data.length).toBeLessThanOrEqual(2);
        for (const t of res.body.data) {
          expect(seen.has(t.id)).toBe(false);
          seen.add(t.id);
        }
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor !== null && pages < 500);
      expect(cursor).toBeNull();
      for (const t of mine) expect(seen.has(t.id)).toBe(true);
    });

    it("GET /v1/tenants/{id} of an unknown tenant is 404", async () => {
      const res = await h().call("GET", `/v1/tenants/${UNKNOWN_TENANT}`, { key: h().adminKey });
      expectError(res, 404, "not_found");
    });

    it("GET /v1/tenants/{id} with a malformed id is 400 on params.id", async () => {
      expectInvalid(await h().call("GET", "/v1/tenants/not-an-id", { key: h().adminKey }), "params.id");
      expectInvalid(
        await h().call("GET", "/v1/tenants/ses_01JD0000000000000000000000", { key: h().adminKey }),
        "params.id",
      );
    });

    it.each([
      ["missing name", {}, "body.name"],
      ["blank name", { name: "   " }, "body.name"],
      ["name too long", { name: "x".repeat(101) }, "body.name"],
      ["name not a string", { name: 42 }, "body.name"],
      ["unknown field", { name: "ok", plan: "gold" }, "body.plan"],
      ["array body", [{ name: "x" }], "body"],
      ["null body", null, "body"],
    ])("POST /v1/tenants rejects %s with 400", async (_label, json, path) => {
      expectInvalid(await h().call("POST", "/v1/tenants", { key: h().adminKey, json }), path);
    });

    it.each([
      ["limit=0", "query.limit"],
      ["limit=101", "query.limit"],
      ["limit=abc", "query.limit"],
      ["limit=1.5", "query.limit"],
      ["cursor=", "query.cursor"],
      ["cursor=garbage", "query.cursor"],
    ])("GET /v1/tenants?%s is 400", async (qs, path) => {
      expectInvalid(await h().call("GET", `/v1/tenants?${qs}`, { key: h().adminKey }), path);
    });

    it("rejects a missing, malformed or wrong admin key with 401", async () => {
      expectUnauthorized(await h().call("GET", "/v1/tenants"));
      expectUnauthorized(await h().call("GET", "/v1/tenants", { headers: { authorization: `Basic ${h().adminKey}` } }));
      expectUnauthorized(await h().call("GET", "/v1/tenants", { headers: { authorization: "Bearer" } }));
      expectUnauthorized(await h().call("GET", "/v1/tenants", { key: `${h().adminKey}x` }));
      expectUnauthorized(
        await h().call("POST", "/v1/tenants", { key: `wharf_sk_${"A".repeat(43)}`, json: { name: "x" } }),
      );
      expectUnauthorized(await h().call("GET", `/v1/tenants/${UNKNOWN_TENANT}`, { key: "nope" }));
    });

    it("refuses a tenant API key on admin routes with 403", async () => {
      const t = await newTenant(h(), "not-admin");
      expectError(await h().call("GET", "/v1/tenants", { key: t.key }), 403, "forbidden");
      expectError(await h().call("POST", "/v1/tenants", { key: t.key, json: { name: "sneaky" } }), 403, "forbidden");
      expectError(await h().call("GET", `/v1/tenants/${t.id}`, { key: t.key }), 403, "forbidden");
    });

    it("checks the key before the body: a bad body without a key is 401", async () => {
      expectUnauthorized(await h().call("POST", "/v1/tenants", { json: { nope: true } }));
    });
  });
}
