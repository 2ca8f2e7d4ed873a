import type { AuditEntry } from "@wharf/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, expectInvalid, newTenant, type TestTenant } from "../expectations";
import type { Harness } from "../harness";

/**
 * The audit log: a short tour of mutating calls leaves one entry each, with the right actor,
 * action, target and result; reads are not audited; refused calls are; GET /v1/audit filters.
 */
export function auditSuite(h: () => Harness): void {
  describe("audit log", () => {
    let tenant: TestTenant;
    let sessionId: string;
    let keyId: string;
    let webhookId: string;
    const requestIds: string[] = [];

    const entries = async (qs = "", key = tenant.key) => {
      const res = await h().call("GET", `/v1/audit?limit=100${qs}`, { key });
      expect(res.status, res.text).toBe(200);
      return res.body.data as AuditEntry[];
    };

    beforeAll(async () => {
      tenant = await newTenant(h(), "audit");
      const session = await h().call("POST", "/v1/sessions", { key: tenant.key, json: { name: "audited" } });
      sessionId = session.body.id;
      await h().call("GET", "/v1/sessions", { key: tenant.key }); // a read: not audited
      const key = await h().call("POST", "/v1/api-keys", { key: tenant.key, json: { name: "temp" } });
      keyId = key.body.id;
      const revoke = await h().call("DELETE", `/v1/api-keys/${keyId}`, { key: tenant.key });
      const hook = await h().call("POST", "/v1/webhooks", {
        key: tenant.key,
        json: { url: "https://93.184.216.34/hooks", events: ["message.received"] },
      });
      webhookId = hook.body.id;
      for (const res of [session, key, revoke, hook]) {
        expect(res.status).toBeLessThan(300);
        requestIds.push(res.headers.get("x-request-id") as string);
      }
    });

    it("records the tour's four mutating calls, newest first, with actor, action, target and result", async () => {
      const tour = (await entries()).filter((e) => requestIds.includes(e.requestId));
      const actor = { type: "api_key", keyId: tenant.keyId, scopes: null };
      expect(tour.map(({ id: _i, at: _a, sourceAddress: _s, ...rest }) => rest)).toEqual([
        {
          actor,
          action: "webhook.create",
          target: webhookId,
          result: { status: 201, outcome: "ok", code: null },
          requestId: requestIds[3],
        },
        {
          actor,
          action: "api_key.revoke",
          target: keyId,
          result: { status: 204, outcome: "ok", code: null },
          requestId: requestIds[2],
        },
        {
          actor,
          action: "api_key.create",
          target: keyId,
          result: { status: 201, outcome: "ok", code: null },
          requestId: requestIds[1],
        },
        {
          actor,
          action: "session.create",
          target: sessionId,
          result: { status: 201, outcome: "ok", code: null },
          requestId: requestIds[0],
        },
      ]);
      for (const e of tour) expect(e.id).toMatch(/^aud_/);
    });

    it("records the admin creating the tenant in that tenant's log", async () => {
      const created = (await entries("&actor=admin")).find((e) => e.action === "tenant.create");
      expect(created).toMatchObject({
        actor: { type: "admin" },
        target: tenant.id,
        result: { status: 201, outcome: "ok" },
      });
    });

    it("records refused calls with the key's scopes and the error code", async () => {
      const reader = await h().call("POST", "/v1/api-keys", {
        key: tenant.key,
        json: { name: "reader", scopes: ["sessions:read"] },
      });
      const refused = await h().call("DELETE", `/v1/sessions/${sessionId}`, { key: reader.body.secret });
      expectError(refused, 403, "forbidden");
      const [entry] = await entries(`&actor=${reader.body.id}`);
      expect(entry).toMatchObject({
        actor: { type: "api_key", keyId: reader.body.id, scopes: ["sessions:read"] },
        action: "session.delete",
        target: sessionId,
        result: { status: 403, outcome: "error", code: "forbidden" },
        requestId: refused.headers.get("x-request-id"),
      });
    });

    it("filters by actor, action and time window, and pages with cursors", async () => {
      expect((await entries("&action=api_key.revoke")).map((e) => e.target)).toEqual([keyId]);
      const all = await entries();
      const oldest = all.at(-1)?.at as string;
      expect((await entries(`&to=${encodeURIComponent(oldest)}`)).length).toBeGreaterThan(0);
      expect(await entries(`&from=${encodeURIComponent("2999-01-01T00:00:00Z")}`)).toEqual([]);
      const first = await h().call("GET", "/v1/audit?limit=2", { key: tenant.key });
      expect(first.body.data).toHaveLength(2);
      const second = await h().call("GET", `/v1/audit?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, {
        key: tenant.key,
      });
      expect(second.body.data[0].id).toBe(all[2]?.id);
    });

    it("keeps tenants apart and needs audit:read", async () => {
      const other = await newTenant(h(), "audit-other");
      const theirs = await entries("", other.key);
      expect(theirs.every((e) => e.target !== sessionId)).toBe(true);
      const noAudit = await h().call("POST", "/v1/api-keys", {
        key: tenant.key,
        json: { name: "no audit", scopes: ["keys:manage"] },
      });
      expectError(await h().call("GET", "/v1/audit", { key: noAudit.body.secret }), 403, "forbidden");
    });

    it("rejects a bad filter with 400 naming the field", async () => {
      expectInvalid(await h().call("GET", "/v1/audit?actor=bob", { key: tenant.key }), "query.actor");
      expectInvalid(await h().call("GET", "/v1/audit?from=yesterday", { key: tenant.key }), "query.from");
      expectInvalid(
        await h().call("GET", "/v1/audit?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", { key: tenant.key }),
        "query.from",
      );
    });
  });
}
