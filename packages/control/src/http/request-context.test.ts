import { createInMemoryStores } from "@wharf/core/testing";
import { describe, expect, it } from "vitest";
import { newTenant } from "../testing/expectations";
import { createHarness } from "../testing/harness";

describe("request logging", () => {
  it("writes one access line per request with requestId, and tenantId once authenticated", async () => {
    const h = createHarness(createInMemoryStores());
    const t = await newTenant(h, "logs");
    await h.call("GET", "/v1/sessions?limit=3", { key: t.key, headers: { "x-request-id": "req-log-1" } });
    const access = h
      .logLines()
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === "request" && l.requestId === "req-log-1");
    expect(access).toEqual([
      expect.objectContaining({
        method: "GET",
        path: "/v1/sessions",
        status: 200,
        tenantId: t.id,
        keyId: t.keyId,
        ms: expect.any(Number),
      }),
    ]);
  });

  it("puts the error code of a failed request on its access line", async () => {
    const h = createHarness(createInMemoryStores());
    await h.call("GET", "/v1/sessions", { headers: { "x-request-id": "req-log-2" } });
    const access = h
      .logLines()
      .map((l) => JSON.parse(l))
      .filter((l) => l.requestId === "req-log-2");
    expect(access).toEqual([expect.objectContaining({ msg: "request", status: 401, code: "unauthorized" })]);
  });

  it("never logs a key, secret or Authorization header", async () => {
    const h = createHarness(createInMemoryStores());
    const t = await newTenant(h, "no-secrets");
    const created = await h.call("POST", "/v1/api-keys", { key: t.key, json: { name: "logged?" } });
    await h.call("GET", "/v1/tenants", { key: t.key });
    await h.call("GET", "/v1/tenants", { key: `${h.adminKey}x` });
    const all = h.logLines().join("\n");
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [h.adminKey, t.key, created.body.secret as string]) expect(all).not.toContain(secret);
    expect(all).not.toContain("wharf_sk_");
    expect(all.toLowerCase()).not.toContain("authorization");
  });

  it("never logs the phone number or JID a request path carries", async () => {
    const h = createHarness(createInMemoryStores());
    const t = await newTenant(h, "no-numbers");
    await h.call("GET", "/v1/sessions/ses_01J8ZQ4N5Y6X7W8V9T0S1R2Q3P/chats/4915112345678%40s.whatsapp.net/messages", {
      key: t.key,
      headers: { "x-request-id": "req-log-3" },
    });
    const access = h
      .logLines()
      .map((l) => JSON.parse(l))
      .filter((l) => l.requestId === "req-log-3");
    expect(access).toEqual([
      expect.objectContaining({
        msg: "request",
        path: "/v1/sessions/ses_01J8ZQ4N5Y6X7W8V9T0S1R2Q3P/chats/…78@s.whatsapp.net/messages",
      }),
    ]);
    expect(h.logLines().join("\n")).not.toContain("4915112345678");
  });
});
