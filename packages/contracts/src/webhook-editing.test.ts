import { describe, expect, it } from "vitest";
import { EventLogEntry, EventLogQuery } from "./event-log";
import { RotateWebhookSecretBody, UpdateWebhookBody, WebhookHeaders, isReservedWebhookHeader } from "./webhooks";

const paths = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  r.success ? [] : (r.error?.issues ?? []).map((i) => i.path.join("."));

describe("webhook custom headers", () => {
  it("accept token names and printable values, Authorization included", () => {
    expect(WebhookHeaders.parse({ Authorization: "Bearer abc.def", "X-Api-Key": "k 1" })).toEqual({
      Authorization: "Bearer abc.def",
      "X-Api-Key": "k 1",
    });
  });

  it.each([
    [{ Host: "x" }, "Host"],
    [{ "content-length": "1" }, "content-length"],
    [{ "WHARF-Event-Id": "x" }, "WHARF-Event-Id"],
    [{ "Proxy-Foo": "x" }, "Proxy-Foo"],
    [{ "X-A": "line\nbreak" }, "X-A"],
    [{ "X-A": "" }, "X-A"],
    [{ "X-A": " leading" }, "X-A"],
    [{ "X-A": "x".repeat(1025) }, "X-A"],
    [{ "bad name": "x" }, "bad name"],
    [{ "X-A": "1", "x-a": "2" }, "x-a"],
  ])("refuse %j", (h, path) => {
    expect(paths(WebhookHeaders.safeParse(h))).toContain(path);
  });

  it("are bounded in number and reserve Wharf's own names", () => {
    expect(
      paths(WebhookHeaders.safeParse(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`X-${i}`, "v"])))),
    ).toEqual([""]);
    expect(["user-agent", "Connection", "wharf-signature", "TE"].every(isReservedWebhookHeader)).toBe(true);
    expect(isReservedWebhookHeader("Authorization")).toBe(false);
  });
});

describe("webhook edit and rotation bodies", () => {
  it("an edit needs at least one known field; null clears sessions and description", () => {
    expect(paths(UpdateWebhookBody.safeParse({}))).toEqual([""]);
    const unknown = UpdateWebhookBody.safeParse({ nope: 1 });
    expect(unknown.success ? [] : unknown.error.issues.map((i) => i.code)).toContain("unrecognized_keys");
    expect(UpdateWebhookBody.parse({ sessionIds: null, description: null, paused: true })).toEqual({
      sessionIds: null,
      description: null,
      paused: true,
    });
  });

  it("a rotation's grace defaults to 24 h and is bounded to 7 days", () => {
    expect(RotateWebhookSecretBody.parse({})).toEqual({ graceSeconds: 86_400 });
    expect(paths(RotateWebhookSecretBody.safeParse({ graceSeconds: 7 * 86_400 + 1 }))).toEqual(["graceSeconds"]);
    expect(paths(RotateWebhookSecretBody.safeParse({ graceSeconds: 1.5 }))).toEqual(["graceSeconds"]);
  });
});

describe("event log", () => {
  it("entries are typed per kind", () => {
    const base = { id: "evt_1", sessionId: null, at: "2030-01-01T03:00:00.000Z" };
    expect(
      EventLogEntry.safeParse({ ...base, type: "session.status", data: { status: "logged_out", lastDisconnect: null } })
        .success,
    ).toBe(true);
    expect(
      paths(
        EventLogEntry.safeParse({ ...base, type: "session.status", data: { status: "gone", lastDisconnect: null } }),
      ),
    ).toEqual(["data.status"]);
    expect(paths(EventLogEntry.safeParse({ ...base, type: "message.sent", data: {} }))).toEqual(["type"]);
  });

  it("the query filters by a session id and a known type", () => {
    expect(EventLogQuery.parse({ type: "webhook.failed" })).toEqual({ limit: 25, type: "webhook.failed" });
    expect(paths(EventLogQuery.safeParse({ sessionId: "nope", type: "x" }))).toEqual(["sessionId", "type"]);
  });
});
