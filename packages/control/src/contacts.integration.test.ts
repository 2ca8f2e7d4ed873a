import type { SessionOperationCommand } from "@wharf/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, expectInvalid, newTenant, type TestTenant } from "./testing/expectations";
import { answerNextOperation, type OperationOutcome } from "./testing/answer-operation";
import { type RichStack, fleetEvent, openSession, richStack } from "./testing/rich-stack";

/**
 * Contacts and profile on DynamoDB Local: each verb stores an operation, sends one
 * session.operation to the owner and answers with what the owner reported through the events
 * consumer. The owner here is the test: it answers each command with an operation.completed.
 */
const UNKNOWN_SESSION = "ses_01JD0000000000000000000000";
type Outcome = OperationOutcome;

describe("contacts and profile (DynamoDB Local)", () => {
  let s: RichStack;
  let t: TestTenant;
  let other: TestTenant;
  let sessionId: string;

  beforeAll(async () => {
    s = await richStack({ operationWaitMs: 3_000, operationTimeoutMs: 60_000 });
    t = await newTenant(s.h, "contacts");
    other = await newTenant(s.h, "contacts-other");
    sessionId = await openSession(s, t);
  });

  const answerNext = (outcome: (cmd: SessionOperationCommand) => Outcome) => answerNextOperation(s, t, outcome);

  /** One call while the fake owner answers with `outcome`. */
  async function call(
    method: string,
    path: string,
    outcome: (cmd: SessionOperationCommand) => Outcome,
    json?: unknown,
  ) {
    const [res, cmd] = await Promise.all([
      s.h.call(method, `/v1/sessions/${sessionId}${path}`, { key: t.key, ...(json ? { json } : {}) }),
      answerNext(outcome),
    ]);
    return { res, cmd };
  }

  it("checks numbers: normalized to digits for the owner, one result per number", async () => {
    const results = [
      { phone: "4915100000001", onWhatsApp: true, jid: "4915100000001@s.whatsapp.net" },
      { phone: "4915100000002", onWhatsApp: false, jid: null },
    ];
    const { res, cmd } = await call("POST", "/contacts/check", () => ({ ok: true, result: { results } }), {
      phones: ["+49 151 0000 0001", "4915100000002"],
    });
    expect(cmd.data).toMatchObject({ op: "contacts.check", params: { phones: ["4915100000001", "4915100000002"] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ results });
  });

  it("reads the account's profile, a contact's profile and the blocklist", async () => {
    const me = { jid: "4915100009999@s.whatsapp.net", phone: "4915100009999", name: "Desk", pictureUrl: null };
    const profile = await call("GET", "/profile", () => ({ ok: true, result: me }));
    expect([profile.res.status, profile.res.body]).toEqual([200, me]);

    const contact = {
      jid: "4915100000003@s.whatsapp.net",
      phone: "4915100000003",
      pictureUrl: "https://pics.example/3.jpg",
      status: "Busy",
      statusSetAt: "2030-01-01T00:00:00.000Z",
    };
    const got = await call("GET", "/contacts/+4915100000003", () => ({ ok: true, result: contact }));
    expect(got.cmd.data).toMatchObject({ op: "contacts.get", params: { jid: "4915100000003@s.whatsapp.net" } });
    expect([got.res.status, got.res.body]).toEqual([200, contact]);

    const list = await call("GET", "/blocklist", () => ({ ok: true, result: { jids: [contact.jid] } }));
    expect([list.res.status, list.res.body]).toEqual([200, { jids: [contact.jid] }]);
  });

  it("blocks and unblocks by phone or JID, and subscribes to presence", async () => {
    const jid = "4915100000004@s.whatsapp.net";
    const echo = (c: SessionOperationCommand): Outcome => {
      const p = c.data.params as { jid: string; action?: string };
      if (c.data.op === "presence.subscribe") return { ok: true, result: { jid: p.jid, subscribed: true } } as Outcome;
      return { ok: true, result: { jid: p.jid, blocked: p.action === "block" } } as Outcome;
    };
    const blocked = await call("POST", "/contacts/4915100000004/block", echo);
    expect(blocked.cmd.data.params).toEqual({ jid, action: "block" });
    expect([blocked.res.status, blocked.res.body]).toEqual([200, { jid, blocked: true }]);
    const unblocked = await call("DELETE", `/contacts/${jid}/block`, echo);
    expect([unblocked.res.status, unblocked.res.body]).toEqual([200, { jid, blocked: false }]);
    const sub = await call("POST", "/contacts/4915100000004/presence/subscribe", echo);
    expect([sub.res.status, sub.res.body]).toEqual([200, { jid, subscribed: true }]);
  });

  it("turns the owner's failure word into a 4xx with the word in the details", async () => {
    const { res } = await call("GET", "/contacts/4915100000005", () => ({
      ok: false,
      code: "not_on_whatsapp",
      message: "the number is not on WhatsApp",
    }));
    const error = expectError(res, 404, "not_found");
    expect(error.details?.[0]).toMatchObject({ path: "operation", code: "not_on_whatsapp" });
    const closed = await call("GET", "/blocklist", () => ({ ok: false, code: "session_not_open", message: "closed" }));
    expect(expectError(closed.res, 409, "invalid_state").details?.[0]?.code).toBe("session_not_open");
  });

  it("refuses bad numbers with every bad entry named, too many numbers, and groups as contacts", async () => {
    const sent = s.commands.length;
    const bad = await s.h.call("POST", `/v1/sessions/${sessionId}/contacts/check`, {
      key: t.key,
      json: { phones: ["4915100000001", "12", "4915100000001@s.whatsapp.net"] },
    });
    const error = expectInvalid(bad, "body.phones.1");
    expect(error.details?.map((d) => [d.path, d.code])).toEqual([
      ["body.phones.1", "too_short"],
      ["body.phones.2", "invalid_phone"],
    ]);
    const many = Array.from({ length: 51 }, (_, i) => `49151000${String(i).padStart(5, "0")}`);
    expectInvalid(
      await s.h.call("POST", `/v1/sessions/${sessionId}/contacts/check`, { key: t.key, json: { phones: many } }),
      "body.phones",
    );
    expectInvalid(
      await s.h.call("POST", `/v1/sessions/${sessionId}/contacts/check`, { key: t.key, json: { phones: [] } }),
      "body.phones",
    );
    const group = await s.h.call("POST", `/v1/sessions/${sessionId}/contacts/120363000000000001@g.us/block`, {
      key: t.key,
    });
    expect(expectInvalid(group, "path.jid").details?.[0]?.code).toBe("not_a_contact");
    expect(s.commands.length).toBe(sent);
  });

  it("answers 409 session_not_open for a session that is not open, and sends nothing", async () => {
    const idle = (await s.h.call("POST", "/v1/sessions", { key: t.key, json: { name: "idle" } })).body.id;
    const sent = s.commands.length;
    for (const [method, path, json] of routes("4915100000006")) {
      const res = await s.h.call(method, `/v1/sessions/${idle}${path}`, { key: t.key, ...(json ? { json } : {}) });
      expect(expectError(res, 409, "invalid_state").details?.[0]?.code, `${method} ${path}`).toBe("session_not_open");
    }
    expect(s.commands.length).toBe(sent);
  });

  it("is a 404 for another tenant's session and for an unknown one, on every route", async () => {
    const sent = s.commands.length;
    for (const [method, path, json] of [
      ...routes("4915100000007"),
      ["GET", "/operations/op_01JD0000000000000000000000"] as const,
    ]) {
      for (const [key, id] of [
        [other.key, sessionId],
        [t.key, UNKNOWN_SESSION],
      ]) {
        const res = await s.h.call(method, `/v1/sessions/${id}${path}`, { key, ...(json ? { json } : {}) });
        expectError(res, 404, "not_found");
      }
    }
    expect(s.commands.length).toBe(sent);
  });
});

describe("operations WhatsApp does not answer in time (DynamoDB Local)", () => {
  it("answers 202 with the operation id, then the operation shows pending, then operation_timeout", async () => {
    const s = await richStack({ operationWaitMs: 50, operationTimeoutMs: 60_000 });
    const t = await newTenant(s.h, "contacts-timeout");
    const other = await newTenant(s.h, "contacts-timeout-other");
    const sessionId = await openSession(s, t);
    const res = await s.h.call("GET", `/v1/sessions/${sessionId}/blocklist`, { key: t.key });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ operationId: expect.stringMatching(/^op_/), status: "pending" });
    const path = `/v1/sessions/${sessionId}/operations/${res.body.operationId}`;
    const first = await s.h.call("GET", path, { key: t.key });
    expect(first.body).toMatchObject({ id: res.body.operationId, op: "contacts.blocklist", status: "pending" });
    expectError(await s.h.call("GET", path, { key: other.key }), 404, "not_found");
    // the API's clock passes the operation's deadline: the next read settles it
    s.h.clock.advance(60_000);
    expect((await s.h.call("GET", path, { key: t.key })).body).toMatchObject({
      status: "failed",
      failure: { code: "operation_timeout" },
      settledAt: expect.any(String),
    });
    // the owner's late answer changes nothing
    const cmd = s.commands.find((c) => c.type === "session.operation") as SessionOperationCommand;
    const late = { operationId: cmd.data.operationId, op: cmd.data.op, outcome: { ok: true, result: { jids: [] } } };
    expect(await s.apply(fleetEvent(t, sessionId, "operation.completed", late as never))).toBe("ignored");
    expect((await s.h.call("GET", path, { key: t.key })).body.status).toBe("failed");
  });
});

/** Every contact route: method, path under the session, body. */
function routes(phone: string): Array<readonly [string, string, unknown?]> {
  return [
    ["GET", "/profile"],
    ["POST", "/contacts/check", { phones: [phone] }],
    ["GET", `/contacts/${phone}`],
    ["POST", `/contacts/${phone}/block`],
    ["DELETE", `/contacts/${phone}/block`],
    ["GET", "/blocklist"],
    ["POST", `/contacts/${phone}/presence/subscribe`],
  ];
}
