import { beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../app";
import { expectError, expectInvalid, newTenant, type TestTenant } from "../expectations";
import type { Harness } from "../harness";

/** What every route shares: health, docs, request ids, body handling, unknown routes. */
export function transportSuite(h: () => Harness) {
  describe("transport", () => {
    let tenant: TestTenant;
    beforeAll(async () => {
      tenant = await newTenant(h(), "transport");
    });

    it("GET /v1/health answers without auth", async () => {
      const res = await h().call("GET", "/v1/health");
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: "ok", version: "0.0.0-test", time: expect.any(String) });
    });

    it("echoes a caller's x-request-id and invents one otherwise", async () => {
      const mine = await h().call("GET", "/v1/health", { headers: { "x-request-id": "trace-123" } });
      expect(mine.headers.get("x-request-id")).toBe("trace-123");
      const theirs = await h().call("GET", "/v1/health");
      expect(theirs.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      const hostile = await h().call("GET", "/v1/health", { headers: { "x-request-id": 'a b"<script>' } });
      expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("serves the OpenAPI 3.1 document with both bearer schemes and every route", async () => {
      const res = await h().call("GET", "/v1/openapi.json");
      expect(res.status).toBe(200);
      expect(res.body.openapi).toBe("3.1.0");
      expect(res.body.components.securitySchemes).toEqual({
        adminKey: expect.objectContaining({ type: "http", scheme: "bearer" }),
        tenantKey: expect.objectContaining({ type: "http", scheme: "bearer" }),
      });
      const ops = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([p, m]) =>
        Object.keys(m).map((verb) => `${verb.toUpperCase()} ${p}`),
      );
      expect(ops.sort()).toEqual(
        [
          "GET /v1/health",
          "POST /v1/tenants",
          "GET /v1/tenants",
          "GET /v1/tenants/{id}",
          "POST /v1/api-keys",
          "POST /v1/media",
          "GET /v1/api-keys",
          "DELETE /v1/api-keys/{id}",
          "POST /v1/sessions",
          "GET /v1/sessions",
          "GET /v1/sessions/{id}",
          "PATCH /v1/sessions/{id}",
          "PATCH /v1/tenants/{id}",
          "DELETE /v1/sessions/{id}",
          "POST /v1/sessions/{id}/connect",
          "POST /v1/sessions/{id}/disconnect",
          "POST /v1/sessions/{id}/logout",
          "GET /v1/sessions/{id}/qr",
          "POST /v1/sessions/{id}/messages",
          "GET /v1/sessions/{id}/messages/{msgId}",
          "GET /v1/sessions/{id}/chats",
          "GET /v1/sessions/{id}/chats/{jid}/messages",
          "POST /v1/sessions/{id}/chats/{jid}/read",
          "GET /v1/sessions/{id}/contacts",
          "GET /v1/sessions/{id}/groups",
          "POST /v1/sessions/{id}/groups",
          "POST /v1/sessions/{id}/groups/join",
          "GET /v1/sessions/{id}/groups/{groupJid}",
          "PATCH /v1/sessions/{id}/groups/{groupJid}",
          "POST /v1/sessions/{id}/groups/{groupJid}/participants",
          "POST /v1/sessions/{id}/groups/{groupJid}/leave",
          "GET /v1/sessions/{id}/groups/{groupJid}/invite",
          "DELETE /v1/sessions/{id}/groups/{groupJid}/invite",
          "POST /v1/sessions/{id}/messages/{msgId}/edit",
          "DELETE /v1/sessions/{id}/messages/{msgId}",
          "POST /v1/sessions/{id}/read",
          "POST /v1/sessions/{id}/presence",
          "GET /v1/sessions/{id}/profile",
          "POST /v1/sessions/{id}/contacts/check",
          "GET /v1/sessions/{id}/contacts/{jid}",
          "POST /v1/sessions/{id}/contacts/{jid}/block",
          "DELETE /v1/sessions/{id}/contacts/{jid}/block",
          "GET /v1/sessions/{id}/blocklist",
          "POST /v1/sessions/{id}/contacts/{jid}/presence/subscribe",
          "GET /v1/sessions/{id}/operations/{operationId}",
          "POST /v1/webhooks",
          "GET /v1/webhooks",
          "GET /v1/webhooks/{id}",
          "PATCH /v1/webhooks/{id}",
          "DELETE /v1/webhooks/{id}",
          "POST /v1/webhooks/{id}/rotate-secret",
          "POST /v1/webhooks/{id}/test",
          "GET /v1/webhooks/{id}/deliveries",
          "POST /v1/webhooks/deliveries/{id}/redeliver",
          "GET /v1/events",
          "POST /v1/realtime/tokens",
          "GET /v1/fleet",
          "GET /v1/audit",
        ].sort(),
      );
      // a tenant operation's security requirement names the scope it needs
      expect(res.body.paths["/v1/sessions"].post.security).toEqual([{ tenantKey: ["sessions:write"] }]);
      expect(res.body.paths["/v1/tenants"].post.security).toEqual([{ adminKey: [] }]);
      expect(res.body.components.schemas).toHaveProperty("Session");
      expect(res.body.components.schemas).toHaveProperty("Error");
    });

    it("serves interactive docs at /v1/docs", async () => {
      const res = await h().call("GET", "/v1/docs");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(res.text).toContain("/v1/openapi.json");
    });

    it("answers malformed JSON with 400, not 500", async () => {
      const res = await h().call("POST", "/v1/sessions", {
        key: tenant.key,
        raw: '{"name": "x",',
        headers: { "content-type": "application/json" },
      });
      expectInvalid(res, "body");
    });

    it("answers a non-JSON content type with 415", async () => {
      const res = await h().call("POST", "/v1/sessions", {
        key: tenant.key,
        raw: "name=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expectError(res, 415, "unsupported_media_type");
      const plain = await h().call("PATCH", `/v1/sessions/ses_01JD0000000000000000000000`, {
        key: tenant.key,
        raw: '{"name":"x"}',
        headers: { "content-type": "text/plain" },
      });
      expectError(plain, 415, "unsupported_media_type");
    });

    it("answers a body without any content type with 415", async () => {
      const raw = new TextEncoder().encode('{"name":"x"}');
      expectError(await h().call("POST", "/v1/api-keys", { key: tenant.key, raw }), 415, "unsupported_media_type");
    });

    it("answers an empty body on a JSON route with 400 naming the missing field", async () => {
      const res = await h().call("POST", "/v1/tenants", {
        key: h().adminKey,
        headers: { "content-type": "application/json" },
        raw: "",
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    });

    it(`answers a body over ${MAX_BODY_BYTES} bytes with 413`, async () => {
      const big = JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES) });
      const res = await h().call("POST", "/v1/sessions", {
        key: tenant.key,
        raw: big,
        headers: { "content-type": "application/json" },
      });
      expectError(res, 413, "payload_too_large");
    });

    it("answers a streamed body over the limit (no content-length) with 413", async () => {
      const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          // a little more than the limit, in chunks
          if (sent++ > MAX_BODY_BYTES / chunk.length) return controller.close();
          controller.enqueue(chunk);
        },
      });
      const res = await h().app.request("/v1/sessions", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tenant.key}` },
        body: stream,
        duplex: "half", // undici requires it for streamed request bodies
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    });

    it("answers unknown routes with 404 route_not_found", async () => {
      for (const path of [
        "/",
        "/v1",
        "/v1/nope",
        "/v2/sessions",
        "/v1/sessions/ses_01JD0000000000000000000000/extra",
        "/v1/health/",
      ]) {
        expectError(await h().call("GET", path, { key: tenant.key }), 404, "route_not_found");
      }
    });

    it("never answers hostile input with a 5xx", async () => {
      const sid = (await h().call("POST", "/v1/sessions", { key: tenant.key, json: { name: "target" } })).body
        .id as string;
      const deep = "[".repeat(5000) + "]".repeat(5000);
      const bodies = [
        '{"__proto__":{"admin":true},"name":"x"}',
        '{"constructor":{"prototype":{"x":1}}}',
        '{"name":{"$gt":""}}',
        '{"name":"x","pacing":{"messagesPerMinute":1e309}}',
        `{"name":"${"\\u0000".repeat(3)}"}`,
        `{"name":"${"🙂".repeat(60)}"}`,
        deep,
        '"just a string"',
        "12345",
        "",
        "\u0000\u0001",
      ];
      const targets: Array<[string, string, string]> = [
        ["POST", "/v1/tenants", h().adminKey],
        ["POST", "/v1/api-keys", tenant.key],
        ["POST", "/v1/sessions", tenant.key],
        ["PATCH", `/v1/sessions/${sid}`, tenant.key],
      ];
      const seen: number[] = [];
      for (const [method, path, key] of targets) {
        for (const raw of bodies) {
          const res = await h().call(method, path, { key, raw, headers: { "content-type": "application/json" } });
          seen.push(res.status);
          expect(res.status, `${method} ${path} ${raw.slice(0, 40)}`).toBeLessThan(500);
          if (res.status >= 400) expect(res.body.error.code).toEqual(expect.any(String));
        }
      }
      const getters = [
        "/v1/sessions/%E0%A4%A",
        "/v1/sessions/..%2F..%2Fetc%2Fpasswd",
        `/v1/sessions/${"a".repeat(5000)}`,
        "/v1/sessions?limit=1&limit=2",
        `/v1/sessions?cursor=${"A".repeat(3000)}`,
        "/v1/sessions?cursor=AAAA",
        `/v1/sessions?cursor=${Buffer.from('{"pk":"TENANT#x","sk":1}').toString("base64url")}`,
        `/v1/api-keys?cursor=${Buffer.from("[]").toString("base64url")}`,
        "/v1/tenants/%00",
      ];
      for (const path of getters) {
        const res = await h().call("GET", path, { key: path.startsWith("/v1/tenants") ? h().adminKey : tenant.key });
        seen.push(res.status);
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expect(res.status, path).toBeLessThan(500);
        expect(res.body.error.code).toEqual(expect.any(String));
      }
      for (const authorization of [
        `Bearer ${"x".repeat(10_000)}`,
        `Bearer wharf_sk_${"é".repeat(43)}`,
        `Bearer wharf_sk_${"_".repeat(42)}`,
      ]) {
        const res = await h().call("GET", "/v1/sessions", { headers: { authorization } });
        expect(res.status).toBe(401);
      }
      expect(seen).toContain(400);
    });

    it("answers a wrong method on a known path with 405, Allow and the error shape", async () => {
      const res = await h().call("PUT", "/v1/sessions/ses_01JD0000000000000000000000", {
        key: tenant.key,
        json: { name: "x" },
      });
      expectError(res, 405, "method_not_allowed");
      expect(res.headers.get("allow")?.split(", ").sort()).toEqual(["DELETE", "GET", "HEAD", "PATCH"]);
      const del = await h().call("DELETE", "/v1/tenants", { key: h().adminKey });
      expectError(del, 405, "method_not_allowed");
    });
  });
}
