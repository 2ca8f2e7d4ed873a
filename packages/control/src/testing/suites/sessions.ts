import { DEFAULT_PACING } from "@wharf/contracts";
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

const UNKNOWN_SESSION = "ses_01JD0000000000000000000000";

export function sessionRoutesSuite(h: () => Harness) {
  describe("sessions (tenant key)", () => {
    let tenant: TestTenant;
    let other: TestTenant;
    beforeAll(async () => {
      tenant = await newTenant(h(), "sessions");
      other = await newTenant(h(), "sessions-other");
    });

    async function create(t: TestTenant, body: unknown = { name: "support line" }) {
      const res = await h().call("POST", "/v1/sessions", { key: t.key, json: body });
      expect(res.status).toBe(201);
      return res.body;
    }

    it("POST /v1/sessions creates a session in status created with default pacing", async () => {
      const s = await create(tenant, { name: " Sales " });
      expect(s).toEqual({
        id: expect.stringMatching(/^ses_/),
        tenantId: tenant.id,
        name: "Sales",
        status: "created",
        desiredState: "disconnected",
        phone: null,
        accountName: null,
        pacing: DEFAULT_PACING,
        lastDisconnect: null,
        health: { lastConnectedAt: null, lastMessageAt: null, reconnectCount: 0, reconnectsLast5m: 0 },
        owner: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(s).not.toHaveProperty("lease");
    });

    it("POST /v1/sessions merges partial pacing over the defaults", async () => {
      const s = await create(tenant, { name: "paced", pacing: { messagesPerMinute: 5, typingSimulation: true } });
      expect(s.pacing).toEqual({ ...DEFAULT_PACING, messagesPerMinute: 5, typingSimulation: true });
    });

    it("GET /v1/sessions/{id} returns the session", async () => {
      const s = await create(tenant);
      const res = await h().call("GET", `/v1/sessions/${s.id}`, { key: tenant.key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(s);
    });

    it("GET /v1/sessions lists newest first and pages without gaps or repeats", async () => {
      const t = await newTenant(h(), "sessions-pages");
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        h().clock.advance(1000);
        ids.push((await create(t, { name: `s${i}` })).id);
      }
      const { items, pageSizes } = await collectPages(h(), "/v1/sessions", t.key, 2);
      expect(pageSizes.slice(0, 2)).toEqual([2, 2]);
      expect(items.map((s) => s.id)).toEqual([...ids].reverse());
    });

    it("PATCH /v1/sessions/{id} renames and merges pacing, bumping updatedAt", async () => {
      const s = await create(tenant, { name: "before", pacing: { burst: 3 } });
      h().clock.advance(5000);
      const renamed = await h().call("PATCH", `/v1/sessions/${s.id}`, { key: tenant.key, json: { name: "after" } });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: s.id, name: "after", pacing: s.pacing });
      expect(Date.parse(renamed.body.updatedAt)).toBeGreaterThan(Date.parse(s.updatedAt));

      const paced = await h().call("PATCH", `/v1/sessions/${s.id}`, {
        key: tenant.key,
        json: { pacing: { dailyCap: 50 } },
      });
      expect(paced.status).toBe(200);
      expect(paced.body.pacing).toEqual({ ...DEFAULT_PACING, burst: 3, dailyCap: 50 });
      expect(paced.body.name).toBe("after");
      expect((await h().call("GET", `/v1/sessions/${s.id}`, { key: tenant.key })).body).toEqual(paced.body);
    });

    it("DELETE /v1/sessions/{id} removes the session; afterwards it is 404 everywhere", async () => {
      const s = await create(tenant, { name: "doomed" });
      const del = await h().call("DELETE", `/v1/sessions/${s.id}`, { key: tenant.key });
      expect(del.status).toBe(204);
      expect(del.text).toBe("");
      expectError(await h().call("GET", `/v1/sessions/${s.id}`, { key: tenant.key }), 404, "not_found");
      expectError(
        await h().call("PATCH", `/v1/sessions/${s.id}`, { key: tenant.key, json: { name: "x" } }),
        404,
        "not_found",
      );
      expectError(await h().call("DELETE", `/v1/sessions/${s.id}`, { key: tenant.key }), 404, "not_found");
    });

    it("another tenant's session is 404 on get, patch and delete, absent from lists, and unchanged", async () => {
      const s = await create(tenant, { name: "private" });
      expectError(await h().call("GET", `/v1/sessions/${s.id}`, { key: other.key }), 404, "not_found");
      expectError(
        await h().call("PATCH", `/v1/sessions/${s.id}`, { key: other.key, json: { name: "pwned" } }),
        404,
        "not_found",
      );
      expectError(await h().call("DELETE", `/v1/sessions/${s.id}`, { key: other.key }), 404, "not_found");
      const list = await collectPages(h(), "/v1/sessions", other.key, 100);
      expect(list.items.map((x) => x.id)).not.toContain(s.id);
      const still = await h().call("GET", `/v1/sessions/${s.id}`, { key: tenant.key });
      expect(still.body).toEqual(s);
    });

    it("unknown session ids are 404 and malformed ones 400 on every {id} route", async () => {
      for (const method of ["GET", "PATCH", "DELETE"]) {
        const json = method === "PATCH" ? { json: { name: "x" } } : {};
        expectError(
          await h().call(method, `/v1/sessions/${UNKNOWN_SESSION}`, { key: tenant.key, ...json }),
          404,
          "not_found",
        );
        expectInvalid(await h().call(method, "/v1/sessions/ses_123", { key: tenant.key, ...json }), "params.id");
        expectInvalid(
          await h().call(method, `/v1/sessions/${tenant.keyId}`, { key: tenant.key, ...json }),
          "params.id",
        );
      }
    });

    it.each([
      ["missing name", {}, "body.name"],
      ["blank name", { name: " " }, "body.name"],
      ["name too long", { name: "n".repeat(101) }, "body.name"],
      ["pacing not an object", { name: "x", pacing: 5 }, "body.pacing"],
      ["pacing out of range", { name: "x", pacing: { messagesPerMinute: 0 } }, "body.pacing.messagesPerMinute"],
      ["pacing not an integer", { name: "x", pacing: { burst: 2.5 } }, "body.pacing.burst"],
      ["pacing wrong type", { name: "x", pacing: { typingSimulation: "yes" } }, "body.pacing.typingSimulation"],
      ["unknown pacing field", { name: "x", pacing: { turbo: true } }, "body.pacing.turbo"],
      ["unknown field", { name: "x", status: "open" }, "body.status"],
    ])("POST /v1/sessions rejects %s with 400", async (_label, json, path) => {
      expectInvalid(await h().call("POST", "/v1/sessions", { key: tenant.key, json }), path);
    });

    it.each([
      ["an empty patch", {}, "body"],
      ["a blank name", { name: "" }, "body.name"],
      ["a read-only field", { status: "open" }, "body.status"],
      ["bad pacing", { pacing: { dailyCap: 0 } }, "body.pacing.dailyCap"],
      ["null", null, "body"],
    ])("PATCH /v1/sessions/{id} rejects %s with 400 and changes nothing", async (_label, json, path) => {
      const s = await create(tenant, { name: "stable" });
      expectInvalid(await h().call("PATCH", `/v1/sessions/${s.id}`, { key: tenant.key, json }), path);
      expect((await h().call("GET", `/v1/sessions/${s.id}`, { key: tenant.key })).body).toEqual(s);
    });

    it.each([
      ["limit=0", "query.limit"],
      ["limit=101", "query.limit"],
      ["limit=ten", "query.limit"],
      ["cursor=%00%01", "query.cursor"],
    ])("GET /v1/sessions?%s is 400", async (qs, path) => {
      expectInvalid(await h().call("GET", `/v1/sessions?${qs}`, { key: tenant.key }), path);
    });

    it("rejects missing and unknown keys with 401 on every session route", async () => {
      const s = await create(tenant);
      const routes: Array<[string, string, unknown]> = [
        ["POST", "/v1/sessions", { name: "x" }],
        ["GET", "/v1/sessions", undefined],
        ["GET", `/v1/sessions/${s.id}`, undefined],
        ["PATCH", `/v1/sessions/${s.id}`, { name: "x" }],
        ["DELETE", `/v1/sessions/${s.id}`, undefined],
      ];
      for (const [method, path, json] of routes) {
        const body = json === undefined ? {} : { json };
        expectUnauthorized(await h().call(method, path, body));
        expectUnauthorized(await h().call(method, path, { key: `wharf_sk_${"C".repeat(43)}`, ...body }));
        expectUnauthorized(await h().call(method, path, { key: "definitely not a key", ...body }));
      }
      expect((await h().call("GET", `/v1/sessions/${s.id}`, { key: tenant.key })).status).toBe(200);
    });

    it("refuses the platform admin key on session routes with 403", async () => {
      expectError(await h().call("POST", "/v1/sessions", { key: h().adminKey, json: { name: "x" } }), 403, "forbidden");
    });
  });
}
