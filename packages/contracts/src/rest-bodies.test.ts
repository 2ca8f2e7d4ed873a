import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ApiKey, CreateApiKeyBody, CreatedApiKey } from "./api-keys";
import { PageQuery, pageOf } from "./pagination";
import { CreateSessionBody, DEFAULT_PACING, PacingSettings, Session, UpdateSessionBody } from "./sessions";
import { CreateTenantBody, CreatedTenant, Tenant } from "./tenants";

/** Dotted paths of the issues a schema reports for `input` (empty when it parses). */
function issuePaths(schema: z.ZodType, input: unknown): string[] {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
}

const at = "2030-01-01T00:00:00.000Z";
const ten = "ten_01JGZ8X7Y3M4N5P6Q7R8S9T0VW";
const ses = "ses_01JGZ8X7Y3M4N5P6Q7R8S9T0VW";
const key = "key_01JGZ8X7Y3M4N5P6Q7R8S9T0VW";

describe("tenant bodies", () => {
  it("trims the name", () => {
    expect(CreateTenantBody.parse({ name: "  Acme  " })).toEqual({ name: "Acme" });
  });

  it.each([
    ["missing name", {}, ["name"]],
    ["blank name", { name: "   " }, ["name"]],
    ["name too long", { name: "x".repeat(101) }, ["name"]],
    ["name not a string", { name: 7 }, ["name"]],
    ["unknown field", { name: "a", plan: "pro" }, [""]],
  ])("rejects %s", (_n, input, paths) => {
    expect(issuePaths(CreateTenantBody, input)).toEqual(paths);
  });

  it("rejects a non-object body", () => {
    expect(CreateTenantBody.safeParse("Acme").success).toBe(false);
    expect(CreateTenantBody.safeParse(null).success).toBe(false);
  });

  it("describes the created tenant with its one-time key", () => {
    const apiKey = {
      id: key,
      tenantId: ten,
      name: "default",
      prefix: "wharf_sk_AbCdEf",
      scopes: null,
      sessionIds: null,
      createdAt: at,
      lastUsedAt: null,
      secret: "wharf_sk_x",
    };
    expect(CreatedTenant.safeParse({ tenant: { id: ten, name: "Acme", createdAt: at }, apiKey }).success).toBe(true);
    expect(
      issuePaths(CreatedTenant, {
        tenant: { id: ten, name: "Acme", createdAt: at },
        apiKey: { ...apiKey, secret: undefined },
      }),
    ).toEqual(["apiKey.secret"]);
    expect(issuePaths(Tenant, { id: "nope", name: "Acme", createdAt: "yesterday" })).toEqual(["id", "createdAt"]);
  });
});

describe("api key bodies", () => {
  it("accepts a name and rejects anything else", () => {
    expect(CreateApiKeyBody.parse({ name: " ci " })).toEqual({ name: "ci" });
    expect(issuePaths(CreateApiKeyBody, { name: "" })).toEqual(["name"]);
    expect(issuePaths(CreateApiKeyBody, { name: "ci", secret: "mine" })).toEqual([""]);
  });

  it("takes scopes and sessions, naming an unknown scope or a malformed session id", () => {
    const ses = "ses_01JD0000000000000000000000";
    expect(CreateApiKeyBody.parse({ name: "bot", scopes: ["messages:send"], sessionIds: [ses] })).toEqual({
      name: "bot",
      scopes: ["messages:send"],
      sessionIds: [ses],
    });
    expect(issuePaths(CreateApiKeyBody, { name: "bot", scopes: ["messages:send", "root"] })).toEqual(["scopes.1"]);
    expect(issuePaths(CreateApiKeyBody, { name: "bot", scopes: [] })).toEqual(["scopes"]);
    expect(issuePaths(CreateApiKeyBody, { name: "bot", sessionIds: ["ses_1"] })).toEqual(["sessionIds.0"]);
  });

  it("never carries the secret in the listed shape", () => {
    const listed = ApiKey.parse({
      id: key,
      tenantId: ten,
      name: "ci",
      prefix: "wharf_sk_AbCdEf",
      scopes: ["sessions:read"],
      sessionIds: null,
      createdAt: at,
      lastUsedAt: null,
      secret: "leak",
    });
    expect(listed).not.toHaveProperty("secret");
    expect(CreatedApiKey.shape.secret).toBeDefined();
  });
});

describe("session bodies", () => {
  it("accepts a name with partial pacing", () => {
    expect(CreateSessionBody.parse({ name: "support", pacing: { burst: 3 } })).toMatchObject({
      name: "support",
      pacing: { burst: 3 },
    });
  });

  it.each([
    ["no name", {}, ["name"]],
    ["rate too low", { name: "a", pacing: { messagesPerMinute: 0 } }, ["pacing.messagesPerMinute"]],
    ["rate too high", { name: "a", pacing: { messagesPerMinute: 601 } }, ["pacing.messagesPerMinute"]],
    ["fractional burst", { name: "a", pacing: { burst: 1.5 } }, ["pacing.burst"]],
    ["daily cap as string", { name: "a", pacing: { dailyCap: "10" } }, ["pacing.dailyCap"]],
    ["unknown pacing field", { name: "a", pacing: { perHour: 5 } }, ["pacing"]],
    ["typing not boolean", { name: "a", pacing: { typingSimulation: "yes" } }, ["pacing.typingSimulation"]],
    ["status set by client", { name: "a", status: "open" }, [""]],
  ])("create rejects %s", (_n, input, paths) => {
    expect(issuePaths(CreateSessionBody, input)).toEqual(paths);
  });

  it("update needs a name or pacing", () => {
    expect(UpdateSessionBody.parse({ name: "new" })).toEqual({ name: "new" });
    const r = UpdateSessionBody.safeParse({});
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/nothing to update/);
    expect(issuePaths(UpdateSessionBody, { name: "" })).toEqual(["name"]);
    expect(issuePaths(UpdateSessionBody, { name: "a", desiredState: "connected" })).toEqual([""]);
  });

  // zod 4 applies `.default()` inside `.partial()`: the patch schema must have no defaults,
  // or a PATCH of one field would reset the others.
  it("update keeps a pacing patch partial (absent fields stay absent)", () => {
    expect(UpdateSessionBody.parse({ pacing: { dailyCap: 5 } })).toEqual({ pacing: { dailyCap: 5 } });
  });

  it("fills pacing defaults", () => {
    expect(PacingSettings.parse({})).toEqual(DEFAULT_PACING);
    expect(DEFAULT_PACING).toEqual({ messagesPerMinute: 20, burst: 5, dailyCap: 1000, typingSimulation: false });
  });

  it("validates a full session and names bad nested fields", () => {
    const session = {
      id: ses,
      tenantId: ten,
      name: "support",
      status: "open",
      desiredState: "connected",
      phone: "4915123456789",
      accountName: "Acme Support",
      pacing: DEFAULT_PACING,
      lastDisconnect: { code: 428, reason: "connection_closed", message: "closed", at },
      health: { lastConnectedAt: at, lastMessageAt: null, reconnectCount: 1, reconnectsLast5m: 0 },
      owner: null,
      createdAt: at,
      updatedAt: at,
    };
    expect(Session.safeParse(session).success).toBe(true);
    expect(issuePaths(Session, { ...session, accountName: "x".repeat(257) })).toEqual(["accountName"]);
    expect(issuePaths(Session, { ...session, status: "sleeping" })).toEqual(["status"]);
    expect(issuePaths(Session, { ...session, health: { ...session.health, reconnectCount: -1 } })).toEqual([
      "health.reconnectCount",
    ]);
    expect(issuePaths(Session, { ...session, lastDisconnect: { ...session.lastDisconnect, code: "428" } })).toEqual([
      "lastDisconnect.code",
    ]);
    expect(issuePaths(Session, { ...session, owner: "wrk_bad" })).toEqual(["owner"]);
  });
});

describe("pagination", () => {
  it("coerces the limit from a query string and defaults it", () => {
    expect(PageQuery.parse({ limit: "10" })).toEqual({ limit: 10 });
    expect(PageQuery.parse({})).toEqual({ limit: 25 });
    expect(PageQuery.parse({ cursor: "abc" })).toEqual({ limit: 25, cursor: "abc" });
  });

  it.each([
    ["zero", { limit: "0" }, ["limit"]],
    ["over 100", { limit: "101" }, ["limit"]],
    ["not a number", { limit: "ten" }, ["limit"]],
    ["fractional", { limit: "2.5" }, ["limit"]],
    ["empty cursor", { cursor: "" }, ["cursor"]],
    ["huge cursor", { cursor: "x".repeat(2049) }, ["cursor"]],
  ])("rejects %s", (_n, input, paths) => {
    expect(issuePaths(PageQuery, input)).toEqual(paths);
  });

  it("wraps items with a nullable cursor", () => {
    const TenantPage = pageOf(Tenant);
    expect(TenantPage.safeParse({ data: [], nextCursor: null }).success).toBe(true);
    expect(issuePaths(TenantPage, { data: [{ id: ten, name: "a" }], nextCursor: null })).toEqual(["data.0.createdAt"]);
  });
});
