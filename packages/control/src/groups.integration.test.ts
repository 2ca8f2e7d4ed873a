import type { SessionOperationCommand } from "@wharf/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, expectInvalid, newTenant, type TestTenant } from "./testing/expectations";
import { answerNextOperation, type OperationOutcome } from "./testing/answer-operation";
import { type RichStack, fleetEvent, openSession, richStack } from "./testing/rich-stack";

/**
 * Groups on DynamoDB Local: group events from the owner are stored (list, chats with subject
 * and member count, frames, webhooks); each verb sends one session.operation and answers with
 * what the owner reported. The owner here is the test (real Baileys runs in the fleet suite).
 */
const UNKNOWN_SESSION = "ses_01JD0000000000000000000000";
const G = "120363000000000777@g.us";
type Outcome = OperationOutcome;
const by = { jid: "1@lid", phone: "4915100000001", fromMe: false };
const snapshot = (subject: string, count: number) => ({
  subject,
  description: null,
  owner: "1@lid",
  createdAt: "2030-01-01T00:00:00.000Z",
  announce: false,
  restrict: false,
  participantCount: count,
  participants: [{ jid: "1@lid", phone: "4915100000001", admin: "superadmin" as const }],
});

describe("groups (DynamoDB Local)", () => {
  let s: RichStack;
  let t: TestTenant;
  let other: TestTenant;
  let sessionId: string;

  beforeAll(async () => {
    s = await richStack({ operationWaitMs: 3_000, operationTimeoutMs: 60_000 });
    t = await newTenant(s.h, "groups");
    other = await newTenant(s.h, "groups-other");
    sessionId = await openSession(s, t);
  });

  const answerNext = (outcome: (cmd: SessionOperationCommand) => Outcome) => answerNextOperation(s, t, outcome);

  async function call(method: string, path: string, outcome: (c: SessionOperationCommand) => Outcome, json?: unknown) {
    const [res, cmd] = await Promise.all([
      s.h.call(method, `/v1/sessions/${sessionId}${path}`, { key: t.key, ...(json ? { json } : {}) }),
      answerNext(outcome),
    ]);
    return { res, cmd };
  }

  it("stores reported groups: listed by page, the chat shows subject and member count, framed and webhooked", async () => {
    const at = new Date().toISOString();
    await s.apply(fleetEvent(t, sessionId, "group.joined", { groupJid: G, by, group: snapshot("Lager", 2), at }));
    const added = {
      groupJid: G,
      by,
      group: snapshot("Lager", 3),
      participants: [{ jid: "2@lid", phone: null, admin: null }],
      at,
    };
    await s.apply(fleetEvent(t, sessionId, "group.participants_added", added));
    const list = await s.h.call("GET", `/v1/sessions/${sessionId}/groups?limit=10`, { key: t.key });
    expect(list.status).toBe(200);
    expect(list.body.data).toMatchObject([{ jid: G, subject: "Lager", participantCount: 3 }]);
    const chats = await s.h.call("GET", `/v1/sessions/${sessionId}/chats`, { key: t.key });
    expect(chats.body.data).toContainEqual(
      expect.objectContaining({ jid: G, name: "Lager", group: { subject: "Lager", participantCount: 3 } }),
    );
    const one = await s.h.call("GET", `/v1/sessions/${sessionId}/groups/${G}?stored=true`, { key: t.key });
    expect([one.status, one.body.subject]).toEqual([200, "Lager"]);
    expect(s.payloads.filter((p) => p.sessionId === sessionId).map((p) => p.type)).toEqual([
      "group.joined",
      "group.participants_added",
    ]);
    expect(s.frames.filter((f) => f.sessionId === sessionId).map((f) => f.type)).toEqual([
      "group:updated",
      "group:updated",
    ]);
    await s.apply(fleetEvent(t, sessionId, "group.left", { groupJid: G, by, removed: true, at }));
    expect((await s.h.call("GET", `/v1/sessions/${sessionId}/groups`, { key: t.key })).body.data).toEqual([]);
  });

  it("creates a group, changes members with per-member results, and reads the invite link", async () => {
    const info = { jid: G, ...snapshot("Ops", 2) };
    const created = await call("POST", "/groups", () => ({ ok: true, result: info }), {
      subject: "Ops",
      participants: ["+49 151 0000 0002"],
    });
    expect(created.cmd.data).toMatchObject({
      op: "groups.create",
      params: { subject: "Ops", participants: ["4915100000002@s.whatsapp.net"] },
    });
    expect([created.res.status, created.res.body]).toEqual([200, info]);
    const results = [
      { jid: "4915100000003@s.whatsapp.net", phone: "4915100000003", result: "ok", status: "200" },
      { jid: "4915100000004@s.whatsapp.net", phone: "4915100000004", result: "privacy_blocked", status: "403" },
    ] as const;
    const changed = await call(
      "POST",
      `/groups/${G}/participants`,
      () => ({ ok: true, result: { results: [...results] } }),
      {
        action: "add",
        participants: ["4915100000003", "4915100000004@s.whatsapp.net"],
      },
    );
    expect([changed.res.status, changed.res.body]).toEqual([200, { results }]);
    const link = { jid: G, code: "AbCdEf123456", link: "https://chat.whatsapp.com/AbCdEf123456" };
    const invite = await call("DELETE", `/groups/${G}/invite`, () => ({ ok: true, result: link }));
    expect(invite.cmd.data).toMatchObject({ op: "groups.invite", params: { jid: G, revoke: true } });
    expect(invite.res.body).toEqual(link);
    const joined = await call("POST", "/groups/join", () => ({ ok: true, result: info }), {
      code: "https://chat.whatsapp.com/AbCdEf123456",
    });
    expect(joined.cmd.data).toMatchObject({ op: "groups.join", params: { code: "AbCdEf123456" } });
  });

  it("turns the owner's failure words into 4xx with the word in the details", async () => {
    for (const [code, status, api] of [
      ["group_not_found", 404, "not_found"],
      ["not_a_member", 403, "forbidden"],
      ["not_admin", 403, "forbidden"],
      ["invite_invalid", 404, "not_found"],
    ] as const) {
      const { res } = await call("PATCH", `/groups/${G}`, () => ({ ok: false, code, message: "refused" }), {
        subject: "x",
      });
      expect(expectError(res, status, api).details?.[0]?.code).toBe(code);
    }
  });

  it("refuses bad input with a 400 naming the field, before asking the owner", async () => {
    const sent = s.commands.length;
    const base = `/v1/sessions/${sessionId}`;
    const opts = (json: unknown) => ({ key: t.key, json });
    expectInvalid(await s.h.call("GET", `${base}/groups/4915100000001`, { key: t.key }), "path.groupJid");
    expectInvalid(
      await s.h.call("POST", `${base}/groups`, opts({ subject: "x", participants: ["12", "ok@g.us"] })),
      "body.participants.0",
    );
    expectInvalid(
      await s.h.call(
        "POST",
        `${base}/groups/${G}/participants`,
        opts({ action: "ban", participants: ["4915100000001"] }),
      ),
      "body.action",
    );
    expectInvalid(await s.h.call("PATCH", `${base}/groups/${G}`, opts({})), "body");
    expectInvalid(await s.h.call("POST", `${base}/groups/join`, opts({ code: "no spaces!" })), "body.code");
    expect(s.commands.length).toBe(sent);
  });

  it("is a 404 for another tenant's session and for an unknown one, on every route", async () => {
    const sent = s.commands.length;
    const routes = [
      ["GET", "/groups"],
      ["POST", "/groups", { subject: "x", participants: ["4915100000001"] }],
      ["POST", "/groups/join", { code: "AbCdEf123456" }],
      ["GET", `/groups/${G}`],
      ["GET", `/groups/${G}?stored=true`],
      ["PATCH", `/groups/${G}`, { subject: "x" }],
      ["POST", `/groups/${G}/participants`, { action: "add", participants: ["4915100000001"] }],
      ["POST", `/groups/${G}/leave`],
      ["GET", `/groups/${G}/invite`],
      ["DELETE", `/groups/${G}/invite`],
    ] as const;
    for (const [method, path, json] of routes) {
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
