import { API_KEY_SCOPES, type ApiKeyScope } from "@wharf/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { decode } from "hono/jwt";
import { OPERATIONS } from "../../http/scopes";
import { expectError, expectInvalid, newTenant, type TestTenant } from "../expectations";
import type { CallResult, Harness } from "../harness";

const UNKNOWN = {
  ses: "ses_01JD0000000000000000000000",
  key: "key_01JD0000000000000000000000",
  whk: "whk_01JD0000000000000000000000",
  dlv: "dlv_01JD0000000000000000000000",
  msg: "msg_01JD0000000000000000000000",
};

/** A plausible body per operation: enough that a key with the scope gets past validation. */
const BODIES: Record<string, unknown> = {
  "POST /v1/api-keys": { name: "matrix", scopes: ["keys:manage"] },
  "POST /v1/sessions": { name: "matrix" },
  "PATCH /v1/sessions/{id}": { name: "renamed" },
  "POST /v1/sessions/{id}/connect": { method: "qr" },
  "POST /v1/sessions/{id}/messages": { to: "15550001111", type: "text", text: "hi" },
  "POST /v1/webhooks": { url: "https://93.184.216.34/hooks", events: ["message.received"] },
  "PATCH /v1/webhooks/{id}": { description: "edited" },
  "POST /v1/webhooks/{id}/rotate-secret": { graceSeconds: 0 },
};

export function expectMissingScope(res: CallResult, scope: string) {
  const error = expectError(res, 403, "forbidden");
  expect(error.details).toContainEqual({ path: "scopes", message: scope, code: "missing_scope" });
}

/**
 * Scoped keys route by route, from the one table (http/scopes.ts): for every tenant
 * operation a key holding only its scope gets past auth, and a key holding every other
 * scope is refused with 403 naming the missing one. Then session-limited keys.
 */
export function scopeSuite(h: () => Harness): void {
  describe("scoped API keys", () => {
    let tenant: TestTenant;
    let sessionId: string;
    let otherSessionId: string;
    let webhookId: string;
    let deliveryId: string;
    const only = new Map<ApiKeyScope, string>();
    const allBut = new Map<ApiKeyScope, string>();

    const mint = async (body: Record<string, unknown>, key = tenant.key) => {
      const res = await h().call("POST", "/v1/api-keys", { key, json: { name: "scoped", ...body } });
      expect(res.status).toBe(201);
      return res.body as { id: string; secret: string; scopes: string[] | null; sessionIds: string[] | null };
    };

    beforeAll(async () => {
      tenant = await newTenant(h(), "scopes");
      sessionId = (await h().call("POST", "/v1/sessions", { key: tenant.key, json: { name: "a" } })).body.id;
      otherSessionId = (await h().call("POST", "/v1/sessions", { key: tenant.key, json: { name: "b" } })).body.id;
      const hook = await h().call("POST", "/v1/webhooks", { key: tenant.key, json: BODIES["POST /v1/webhooks"] });
      webhookId = hook.body.id;
      deliveryId = (await h().call("POST", `/v1/webhooks/${webhookId}/test`, { key: tenant.key })).body.id;
      for (const scope of API_KEY_SCOPES) {
        only.set(scope, (await mint({ scopes: [scope] })).secret);
        allBut.set(scope, (await mint({ scopes: API_KEY_SCOPES.filter((s) => s !== scope) })).secret);
      }
    });

    /** The table's path with ids filled in; destructive calls aim at unknown ids (a 404 still proves the scope passed). */
    const concrete = (op: string): [string, string] => {
      const [method = "", template = ""] = op.split(" ");
      const destructive = method === "DELETE";
      const path = template
        .replace("/v1/webhooks/deliveries/{id}", `/v1/webhooks/deliveries/${deliveryId}`)
        .replace("/v1/api-keys/{id}", `/v1/api-keys/${UNKNOWN.key}`)
        .replace("/v1/sessions/{id}", `/v1/sessions/${destructive ? UNKNOWN.ses : sessionId}`)
        .replace("/v1/webhooks/{id}", `/v1/webhooks/${destructive ? UNKNOWN.whk : webhookId}`)
        .replace("{msgId}", UNKNOWN.msg)
        .replace("{jid}", "15550001111");
      return [method, path];
    };

    const tenantOps = Object.entries(OPERATIONS).flatMap(([op, p]) => (p.scope ? [[op, p.scope] as const] : []));

    it("declares a scope for every tenant operation of the OpenAPI document, and lists it there", async () => {
      const doc = (await h().call("GET", "/v1/openapi.json")).body;
      const documented: string[] = [];
      for (const [path, item] of Object.entries(
        doc.paths as Record<string, Record<string, { security?: Array<Record<string, string[]>> }>>,
      )) {
        for (const [method, op] of Object.entries(item)) {
          const tenantReq = (op.security ?? []).find((s: Record<string, string[]>) => "tenantKey" in s);
          if (!tenantReq) continue;
          const key = `${method.toUpperCase()} ${path}`;
          documented.push(key);
          expect(tenantReq.tenantKey, key).toEqual([OPERATIONS[key]?.scope]);
        }
      }
      expect(documented.sort()).toEqual(tenantOps.map(([op]) => op).sort());
    });

    it.each(tenantOps)(
      "%s: a key with only %s gets past auth; a key with every other scope gets 403",
      async (op, scope) => {
        const [method, path] = concrete(op);
        const json = BODIES[op];
        const passed = await h().call(method, path, { key: only.get(scope) as string, ...(json ? { json } : {}) });
        expect([401, 403], `${op} with ${scope}: ${passed.text}`).not.toContain(passed.status);
        expect(passed.status, passed.text).toBeLessThan(500);
        const refused = await h().call(method, path, { key: allBut.get(scope) as string, ...(json ? { json } : {}) });
        expectMissingScope(refused, scope);
      },
    );

    it("keys made before scopes existed, or without scopes, have full access and list as null", async () => {
      const keys = (await h().call("GET", "/v1/api-keys?limit=100", { key: tenant.key })).body.data;
      expect(keys.find((k: { id: string }) => k.id === tenant.keyId)).toMatchObject({ scopes: null, sessionIds: null });
      const inherited = await mint({});
      expect(inherited).toMatchObject({ scopes: null, sessionIds: null });
    });

    it("a key never mints a key with scopes it lacks, and by default passes on its own", async () => {
      const manager = (await mint({ scopes: ["keys:manage", "sessions:read"] })).secret;
      const res = await h().call("POST", "/v1/api-keys", {
        key: manager,
        json: { name: "wider", scopes: ["sessions:read", "sessions:write", "messages:send"] },
      });
      expectMissingScope(res, "sessions:write");
      expectMissingScope(res, "messages:send");
      const same = await mint({}, manager);
      expect(same.scopes).toEqual(["sessions:read", "keys:manage"]);
      const narrower = await mint({ scopes: ["sessions:read"] }, manager);
      expect(narrower.scopes).toEqual(["sessions:read"]);
    });

    it("a scoped key cannot revoke a key holding scopes it lacks, but can revoke a narrower one", async () => {
      const manager = (await mint({ scopes: ["keys:manage", "sessions:read"] })).secret;
      expectMissingScope(await h().call("DELETE", `/v1/api-keys/${tenant.keyId}`, { key: manager }), "sessions:write");
      const narrower = await mint({ scopes: ["sessions:read"] });
      expect((await h().call("DELETE", `/v1/api-keys/${narrower.id}`, { key: manager })).status).toBe(204);
    });

    it("validates key limits: unknown sessions and tenant-wide scopes on a session-limited key are 400", async () => {
      const other = await newTenant(h(), "scopes-other");
      const foreign = (await h().call("POST", "/v1/sessions", { key: other.key, json: { name: "x" } })).body.id;
      const create = (json: unknown) => h().call("POST", "/v1/api-keys", { key: tenant.key, json });
      expectInvalid(
        await create({ name: "x", scopes: ["sessions:read"], sessionIds: [sessionId, foreign] }),
        "body.sessionIds.1",
      );
      expectInvalid(
        await create({ name: "x", scopes: ["sessions:read"], sessionIds: [UNKNOWN.ses] }),
        "body.sessionIds.0",
      );
      expectInvalid(await create({ name: "x", scopes: ["webhooks:manage"], sessionIds: [sessionId] }), "body.scopes");
      expectInvalid(await create({ name: "x", sessionIds: [sessionId] }), "body.scopes");
    });

    describe("a session-limited key", () => {
      let limited: string;
      let limitedId: string;
      beforeAll(async () => {
        const k = await mint({
          scopes: ["sessions:read", "sessions:write", "messages:read", "events:read"],
          sessionIds: [sessionId],
        });
        limited = k.secret;
        limitedId = k.id;
        expect(k.sessionIds).toEqual([sessionId]);
      });

      it("lists only its sessions", async () => {
        const list = await h().call("GET", "/v1/sessions?limit=100", { key: limited });
        expect(list.status).toBe(200);
        expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([sessionId]);
        expect(list.body.nextCursor).toBeNull();
      });

      it("gets 404 for the tenant's other sessions, as for another tenant's", async () => {
        expect((await h().call("GET", `/v1/sessions/${sessionId}`, { key: limited })).status).toBe(200);
        for (const [method, path, json] of [
          ["GET", `/v1/sessions/${otherSessionId}`],
          ["PATCH", `/v1/sessions/${otherSessionId}`, { name: "mine now" }],
          ["DELETE", `/v1/sessions/${otherSessionId}`],
          ["GET", `/v1/sessions/${otherSessionId}/chats`],
          ["GET", `/v1/events?sessionId=${otherSessionId}`],
        ] as Array<[string, string, unknown?]>) {
          expectError(await h().call(method, path, { key: limited, ...(json ? { json } : {}) }), 404, "not_found");
        }
        expect((await h().call("GET", `/v1/sessions/${otherSessionId}`, { key: tenant.key })).status).toBe(200);
      });

      it("cannot create sessions (it could not see them)", async () => {
        expectError(await h().call("POST", "/v1/sessions", { key: limited, json: { name: "new" } }), 403, "forbidden");
      });

      it("reads the event log of its sessions only", async () => {
        const res = await h().call("GET", "/v1/events?limit=100", { key: limited });
        expect(res.status).toBe(200);
        for (const e of res.body.data) expect(e.sessionId).toBe(sessionId);
      });

      it("mints realtime tokens that carry its limits", async () => {
        const res = await h().call("POST", "/v1/realtime/tokens", { key: limited });
        expect(res.status).toBe(201);
        // decoded, not verified: the harness clock may be far from now (tokens.test.ts covers verifying limits)
        const { payload } = decode(res.body.token);
        expect(payload).toMatchObject({ sub: tenant.id, kid: limitedId, sid: [sessionId] });
        expect(payload.scp).toEqual(["sessions:read", "sessions:write", "messages:read", "events:read"]);
      });
    });
  });
}
