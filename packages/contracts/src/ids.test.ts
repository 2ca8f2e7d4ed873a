import { describe, expect, it } from "vitest";
import {
  ApiKeyId,
  CommandId,
  EventId,
  ID_PREFIXES,
  MessageId,
  SessionId,
  TenantId,
  WebhookId,
  WorkerId,
  idSchema,
} from "./ids";

const ULID = "01JGZ8X7Y3M4N5P6Q7R8S9T0VW";

describe("prefixed ULID ids", () => {
  it.each([
    [TenantId, "ten"],
    [ApiKeyId, "key"],
    [SessionId, "ses"],
    [MessageId, "msg"],
    [WebhookId, "whk"],
    [WorkerId, "wrk"],
    [EventId, "evt"],
    [CommandId, "cmd"],
  ] as const)("accepts %#: its own prefix and a ULID", (schema, prefix) => {
    expect(schema.parse(`${prefix}_${ULID}`)).toBe(`${prefix}_${ULID}`);
  });

  it("has one distinct prefix per kind", () => {
    const prefixes = Object.values(ID_PREFIXES);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it.each([
    ["another kind's prefix", `ses_${ULID}`],
    ["no prefix", ULID],
    ["lower-case ULID", `ten_${ULID.toLowerCase()}`],
    ["too short", `ten_${ULID.slice(1)}`],
    ["too long", `ten_${ULID}0`],
    ["excluded letter I", `ten_${ULID.slice(0, -1)}I`],
    ["excluded letter L", `ten_${ULID.slice(0, -1)}L`],
    ["excluded letter O", `ten_${ULID.slice(0, -1)}O`],
    ["excluded letter U", `ten_${ULID.slice(0, -1)}U`],
    ["surrounding space", ` ten_${ULID}`],
    ["trailing newline", `ten_${ULID}\n`],
    ["empty", ""],
  ])("rejects %s", (_name, value) => {
    const r = TenantId.safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("must be a tenant id (ten_ followed by a ULID)");
  });

  it("rejects non-strings", () => {
    expect(TenantId.safeParse(42).success).toBe(false);
    expect(TenantId.safeParse(null).success).toBe(false);
  });

  it("builds schemas for any kind", () => {
    expect(idSchema("delivery").safeParse(`dlv_${ULID}`).success).toBe(true);
    expect(idSchema("delivery").safeParse(`evt_${ULID}`).success).toBe(false);
  });
});
