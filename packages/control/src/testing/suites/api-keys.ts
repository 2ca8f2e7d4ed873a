import { beforeAll, describe, expect, it } from "vitest";
import {
  collectPages,
  expectError,
  expectInvalid,
  expectUnauthorized,
  newTenant,
  type TestTenant,
} from "../expectations";
import type { Harness } from "../harness";

const UNKNOWN_KEY = "key_01JD0000000000000000000000";

export function apiKeyRoutesSuite(h: () => Harness) {
  describe("api keys (tenant key)", () => {
    let tenant: TestTenant;
    let other: TestTenant;
    beforeAll(async () => {
      tenant = await newTenant(h(), "keys");
      other = await newTenant(h(), "keys-other");
    });

    it("POST /v1/api-keys returns the new key with its secret, and the secret works", async () => {
      const res = await h().call("POST", "/v1/api-keys", { key: tenant.key, json: { name: "ci" } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^key_/),
        tenantId: tenant.id,
        name: "ci",
        lastUsedAt: null,
      });
      expect(res.body.secret.startsWith(res.body.prefix)).toBe(true);
      expect(res.body).not.toHaveProperty("hash");
      expect((await h().call("GET", "/v1/sessions", { key: res.body.secret })).status).toBe(200);
    });

    it("GET /v1/api-keys lists the tenant's keys without secrets or hashes, and records use", async () => {
      const res = await h().call("GET", "/v1/api-keys?limit=100", { key: tenant.key });
      expect(res.status).toBe(200);
      const first = res.body.data.find((k: { id: string }) => k.id === tenant.keyId);
      expect(first).toMatchObject({ name: "default", tenantId: tenant.id, lastUsedAt: expect.any(String) });
      for (const k of res.body.data) {
        expect(k.tenantId).toBe(tenant.id);
        expect(k).not.toHaveProperty("secret");
        expect(k).not.toHaveProperty("hash");
      }
      expect(res.text).not.toContain(tenant.key);
    });

    it("GET /v1/api-keys pages with limit and cursor, without gaps or repeats", async () => {
      const t = await newTenant(h(), "keys-pages");
      const created = [t.keyId];
      for (const name of ["a", "b", "c", "d"]) {
        const res = await h().call("POST", "/v1/api-keys", { key: t.key, json: { name } });
        created.push(res.body.id);
      }
      const { items, pageSizes } = await collectPages(h(), "/v1/api-keys", t.key, 2);
      expect(pageSizes.slice(0, 2)).toEqual([2, 2]);
      expect(items.map((k) => k.id).sort()).toEqual([...created].sort());
    });

    it("DELETE /v1/api-keys/{id} revokes a key: it stops working at once and is gone from the list", async () => {
      const created = await h().call("POST", "/v1/api-keys", { key: tenant.key, json: { name: "short-lived" } });
      const secret = created.body.secret as string;
      expect((await h().call("GET", "/v1/api-keys", { key: secret })).status).toBe(200);

      const del = await h().call("DELETE", `/v1/api-keys/${created.body.id}`, { key: tenant.key });
      expect(del.status).toBe(204);
      expect(del.text).toBe("");
      expectUnauthorized(await h().call("GET", "/v1/api-keys", { key: secret }));

      const list = await h().call("GET", "/v1/api-keys?limit=100", { key: tenant.key });
      expect(list.body.data.map((k: { id: string }) => k.id)).not.toContain(created.body.id);
      expectError(await h().call("DELETE", `/v1/api-keys/${created.body.id}`, { key: tenant.key }), 404, "not_found");
    });

    it("a key may revoke itself", async () => {
      const created = await h().call("POST", "/v1/api-keys", { key: tenant.key, json: { name: "self" } });
      expect((await h().call("DELETE", `/v1/api-keys/${created.body.id}`, { key: created.body.secret })).status).toBe(
        204,
      );
      expectUnauthorized(await h().call("GET", "/v1/api-keys", { key: created.body.secret }));
    });

    it("another tenant's key is invisible: 404 on delete, absent from lists, still working", async () => {
      expectError(await h().call("DELETE", `/v1/api-keys/${tenant.keyId}`, { key: other.key }), 404, "not_found");
      expect((await h().call("GET", "/v1/api-keys", { key: tenant.key })).status).toBe(200);
      const list = await h().call("GET", "/v1/api-keys?limit=100", { key: other.key });
      expect(list.body.data.map((k: { id: string }) => k.id)).toEqual([other.keyId]);
    });

    it("DELETE of an unknown key is 404 and of a malformed id is 400", async () => {
      expectError(await h().call("DELETE", `/v1/api-keys/${UNKNOWN_KEY}`, { key: tenant.key }), 404, "not_found");
      expectInvalid(await h().call("DELETE", "/v1/api-keys/123", { key: tenant.key }), "params.id");
    });

    it.each([
      ["missing name", {}, "body.name"],
      ["empty name", { name: "" }, "body.name"],
      ["name too long", { name: "k".repeat(101) }, "body.name"],
      ["name not a string", { name: ["x"] }, "body.name"],
      ["unknown field", { name: "x", owner: "me" }, "body.owner"],
      ["unknown scope", { name: "x", scopes: ["sessions:read", "all"] }, "body.scopes.1"],
      ["empty scopes", { name: "x", scopes: [] }, "body.scopes"],
      ["malformed session id", { name: "x", scopes: ["sessions:read"], sessionIds: ["ses_1"] }, "body.sessionIds.0"],
      ["string body", "ci", "body"],
    ])("POST /v1/api-keys rejects %s with 400", async (_label, json, path) => {
      expectInvalid(await h().call("POST", "/v1/api-keys", { key: tenant.key, json }), path);
    });

    it.each([
      ["limit=0", "query.limit"],
      ["limit=1000", "query.limit"],
      ["limit=-1", "query.limit"],
      ["cursor=not-a-cursor", "query.cursor"],
    ])("GET /v1/api-keys?%s is 400", async (qs, path) => {
      expectInvalid(await h().call("GET", `/v1/api-keys?${qs}`, { key: tenant.key }), path);
    });

    it("a cursor from another tenant's listing never reveals that tenant's keys", async () => {
      const t = await newTenant(h(), "keys-cursor");
      await h().call("POST", "/v1/api-keys", { key: t.key, json: { name: "second" } });
      const page = await h().call("GET", "/v1/api-keys?limit=1", { key: t.key });
      expect(page.body.nextCursor).toEqual(expect.any(String));
      const res = await h().call("GET", `/v1/api-keys?limit=100&cursor=${encodeURIComponent(page.body.nextCursor)}`, {
        key: other.key,
      });
      if (res.status === 200) {
        for (const k of res.body.data) expect(k.tenantId).toBe(other.id);
      } else {
        expectInvalid(res, "query.cursor");
      }
    });

    it("rejects missing, malformed and unknown keys with 401 on every route", async () => {
      const fake = `wharf_sk_${"B".repeat(43)}`;
      for (const [method, path] of [
        ["POST", "/v1/api-keys"],
        ["GET", "/v1/api-keys"],
        ["DELETE", `/v1/api-keys/${tenant.keyId}`],
      ] as const) {
        expectUnauthorized(await h().call(method, path, method === "POST" ? { json: { name: "x" } } : {}));
        expectUnauthorized(
          await h().call(method, path, { key: fake, ...(method === "POST" ? { json: { name: "x" } } : {}) }),
        );
        expectUnauthorized(await h().call(method, path, { headers: { authorization: `Token ${tenant.key}` } }));
      }
    });

    it("refuses the platform admin key on tenant routes with 403", async () => {
      expectError(await h().call("GET", "/v1/api-keys", { key: h().adminKey }), 403, "forbidden");
    });
  });
}
