import type { TenantEventStore } from "@wharf/core";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, expectInvalid, newTenant, type TestTenant } from "../expectations";
import type { Harness } from "../harness";

/** A harness whose app has the data path, with the event log reachable to seed entries. */
export type DataHarness = Harness & { eventLog: TenantEventStore };

const UNKNOWN_WEBHOOK = "whk_01JD0000000000000000000000";
// a public IP literal passes the URL guard without DNS; nothing is delivered in this suite
const PUBLIC_URL = "https://93.184.216.34/hooks";

/** PATCH /v1/webhooks/{id}, pause/resume, custom headers and rotate-secret, over fakes or the real stack. */
export function webhookEditingSuite(h: () => DataHarness) {
  describe("webhook editing (tenant key)", () => {
    let tenant: TestTenant;
    let other: TestTenant;
    beforeAll(async () => {
      tenant = await newTenant(h(), "webhook-edit");
      other = await newTenant(h(), "webhook-edit-other");
    });

    async function create(body: Record<string, unknown> = {}) {
      const res = await h().call("POST", "/v1/webhooks", {
        key: tenant.key,
        json: { url: PUBLIC_URL, events: ["message.received"], ...body },
      });
      expect(res.status).toBe(201);
      return res.body;
    }
    const patch = (id: string, json: unknown, key = tenant.key) =>
      h().call("PATCH", `/v1/webhooks/${id}`, { key, json });
    const rotate = (id: string, json: unknown = {}, key = tenant.key) =>
      h().call("POST", `/v1/webhooks/${id}/rotate-secret`, { key, json });

    it("a new webhook is active, without headers or a previous secret", async () => {
      const w = await create({ headers: { "X-Team": "ops" } });
      expect(w).toMatchObject({
        paused: false,
        headers: { "X-Team": "ops" },
        previousSecret: null,
        updatedAt: w.createdAt,
      });
    });

    it("PATCH changes only the fields given, and GET shows the change", async () => {
      const w = await create({ description: "orders" });
      h().clock.advance(1000);
      const res = await patch(w.id, { events: ["session.status", "message.status"], url: "https://93.184.216.35/new" });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: w.id,
        url: "https://93.184.216.35/new",
        events: ["session.status", "message.status"],
        description: "orders",
        sessionIds: null,
      });
      expect(res.body.updatedAt > w.updatedAt).toBe(true);
      expect((await h().call("GET", `/v1/webhooks/${w.id}`, { key: tenant.key })).body).toEqual(res.body);
      const cleared = await patch(w.id, { description: null, sessionIds: ["ses_01JD0000000000000000000000"] });
      expect(cleared.body).toMatchObject({ description: null, sessionIds: ["ses_01JD0000000000000000000000"] });
      expect((await patch(w.id, { sessionIds: null })).body.sessionIds).toBeNull();
    });

    it.each([
      ["no field", {}, "body"],
      ["an unknown field", { secret: "x" }, "body.secret"],
      ["a bad URL", { url: "ftp://example.com/x" }, "body.url"],
      ["a private target", { url: "http://127.0.0.1:8080/x" }, "body.url"],
      ["no events", { events: [] }, "body.events"],
      ["an unknown event", { events: ["message.sent"] }, "body.events.0"],
      ["a reserved header", { headers: { Host: "evil.example" } }, "body.headers.Host"],
      ["a Wharf header", { headers: { "Wharf-Signature": "t=1,v1=00" } }, "body.headers.Wharf-Signature"],
      ["a hop-by-hop header", { headers: { "Transfer-Encoding": "chunked" } }, "body.headers.Transfer-Encoding"],
      ["a header value with a line break", { headers: { "X-A": "a\r\nX-Injected: 1" } }, "body.headers.X-A"],
      ["a bad header name", { headers: { "X A": "1" } }, "body.headers.X A"],
      [
        "too many headers",
        { headers: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`X-H${i}`, "v"])) },
        "body.headers",
      ],
      ["paused not a boolean", { paused: "yes" }, "body.paused"],
    ])("PATCH rejects %s with 400", async (_n, json, path) => {
      const w = await create();
      expectInvalid(await patch(w.id, json), path);
      expect((await h().call("GET", `/v1/webhooks/${w.id}`, { key: tenant.key })).body).toMatchObject({
        url: PUBLIC_URL,
        paused: false,
        headers: {},
      });
    });

    it("PATCH and rotate answer 404 for another tenant's webhook and unknown ones, 400 for malformed ids", async () => {
      const w = await create();
      expectError(await patch(w.id, { paused: true }, other.key), 404, "not_found");
      expectError(await rotate(w.id, {}, other.key), 404, "not_found");
      expectError(await patch(UNKNOWN_WEBHOOK, { paused: true }), 404, "not_found");
      expectError(await rotate(UNKNOWN_WEBHOOK), 404, "not_found");
      expectInvalid(await patch("whk_nope", { paused: true }), "params.id");
      expect((await h().call("GET", `/v1/webhooks/${w.id}`, { key: tenant.key })).body.paused).toBe(false);
    });

    it("a paused webhook refuses test sends with 409 until it is resumed", async () => {
      const w = await create();
      expect((await patch(w.id, { paused: true })).body.paused).toBe(true);
      expectError(await h().call("POST", `/v1/webhooks/${w.id}/test`, { key: tenant.key }), 409, "invalid_state");
      expect((await patch(w.id, { paused: false })).body.paused).toBe(false);
      expect((await h().call("POST", `/v1/webhooks/${w.id}/test`, { key: tenant.key })).status).toBe(202);
    });

    it("custom headers replace the whole map, and their values never reach the logs", async () => {
      const w = await create({ headers: { "X-Old": "1" } });
      const res = await patch(w.id, { headers: { Authorization: "Bearer hdr-value-7d1f", "X-Team": "ops" } });
      expect(res.body.headers).toEqual({ Authorization: "Bearer hdr-value-7d1f", "X-Team": "ops" });
      expect((await patch(w.id, { headers: {} })).body.headers).toEqual({});
      expect(h().logLines().join("\n")).not.toContain("hdr-value-7d1f");
    });

    it("rotate-secret shows the new secret once and keeps the old one signing for the grace period", async () => {
      const w = await create();
      const res = await rotate(w.id, { graceSeconds: 3600 });
      expect(res.status).toBe(200);
      expect(res.body.secret).toMatch(/^whsec_/);
      expect(res.body.secret).not.toBe(w.secret);
      expect(res.body.secretPrefix).toBe(res.body.secret.slice(0, 12));
      const expiresAt = new Date(h().clock.now().getTime() + 3600_000).toISOString();
      expect(res.body.previousSecret).toEqual({ secretPrefix: w.secretPrefix, expiresAt });
      const got = await h().call("GET", `/v1/webhooks/${w.id}`, { key: tenant.key });
      expect(got.body).not.toHaveProperty("secret");
      expect(got.text).not.toContain(res.body.secret);
      expect(h().logLines().join("\n")).not.toContain(res.body.secret);

      h().clock.advance(3600_000);
      expect((await h().call("GET", `/v1/webhooks/${w.id}`, { key: tenant.key })).body.previousSecret).toBeNull();
    });

    it("rotate-secret defaults to a 24 h grace, 0 revokes the old secret at once, and the grace is bounded", async () => {
      const w = await create();
      const day = await rotate(w.id);
      expect(Date.parse(day.body.previousSecret.expiresAt) - h().clock.now().getTime()).toBe(86_400_000);
      expect((await rotate(w.id, { graceSeconds: 0 })).body.previousSecret).toBeNull();
      expectInvalid(await rotate(w.id, { graceSeconds: 8 * 86_400 }), "body.graceSeconds");
      expectInvalid(await rotate(w.id, { graceSeconds: -1 }), "body.graceSeconds");
      expectInvalid(await rotate(w.id, { grace: 1 }), "body.grace");
    });

    it("the OpenAPI document describes PATCH, rotate-secret and the event log", async () => {
      const doc = (await h().call("GET", "/v1/openapi.json")).body;
      expect(doc.paths["/v1/webhooks/{id}"].patch.requestBody.content["application/json"].schema.$ref).toMatch(
        /UpdateWebhookBody$/,
      );
      expect(
        doc.paths["/v1/webhooks/{id}/rotate-secret"].post.responses["200"].content["application/json"].schema.$ref,
      ).toMatch(/RotatedWebhookSecret$/);
      expect(doc.paths["/v1/events"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(["limit", "cursor", "sessionId", "type"]),
      );
      expect(doc.components.schemas.Webhook.properties).toHaveProperty("paused");
    });
  });
}
