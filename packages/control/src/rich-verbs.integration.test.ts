import { beforeAll, describe, expect, it } from "vitest";
import { expectError, expectInvalid, newTenant, type TestTenant } from "./testing/expectations";
import {
  CONTACT,
  CONTACT_JID,
  type RichStack,
  fleetEvent,
  openSession,
  receive,
  richStack,
  upload,
} from "./testing/rich-stack";

/**
 * Edit, delete for everyone, mark read and presence on DynamoDB Local: each routes its one
 * command with WhatsApp's keys; messages that are not this account's, not sent yet or not
 * texts are refused with 409; bad bodies with 400; another tenant's session or message 404.
 */
const UNKNOWN_MSG = "msg_01JD0000000000000000000000";

describe("message verbs (DynamoDB Local + fauxqs S3)", () => {
  let s: RichStack;
  let t: TestTenant;
  let other: TestTenant;
  let sessionId: string;
  let sentText: string;
  let inbound: string;

  /** A message this account sent, with WhatsApp's id once the owner reported it sent. */
  async function sent(json: Record<string, unknown>): Promise<{ id: string; waMessageId: string }> {
    const res = await s.h.call("POST", `/v1/sessions/${sessionId}/messages`, {
      key: t.key,
      json: { to: CONTACT, ...json },
    });
    expect(res.status).toBe(202);
    const waMessageId = `3EB0${Math.random().toString(16).slice(2, 14).toUpperCase()}`;
    const status = fleetEvent(t, sessionId, "message.status", { messageId: res.body.id, waMessageId, status: "sent" });
    expect(await s.apply(status)).toBe("applied");
    return { id: res.body.id, waMessageId };
  }

  const call = (method: string, path: string, json?: unknown, key = t.key) =>
    s.h.call(method, `/v1/sessions/${sessionId}${path}`, { key, ...(json !== undefined ? { json } : {}) });
  const lastCommand = () => s.commands[s.commands.length - 1];

  beforeAll(async () => {
    s = await richStack();
    t = await newTenant(s.h, "rich-verbs");
    other = await newTenant(s.h, "rich-verbs-other");
    sessionId = await openSession(s, t);
    sentText = (await sent({ type: "text", text: "see you at 5" })).id;
    inbound = await receive(s, t, sessionId, "ok");
  });

  it("edits a sent text: message.edit with its WhatsApp key", async () => {
    const { id, waMessageId } = await sent({ type: "text", text: "typo" });
    const res = await call("POST", `/messages/${id}/edit`, { text: "fixed" });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: "accepted" });
    expect(lastCommand()).toMatchObject({
      type: "message.edit",
      sessionId,
      data: {
        messageId: id,
        text: "fixed",
        target: { chatJid: CONTACT_JID, waMessageId, fromMe: true, senderJid: null },
      },
    });
  });

  it("refuses to edit what is not a sent text of this account", async () => {
    expectError(await call("POST", `/messages/${inbound}/edit`, { text: "x" }), 409, "invalid_state");
    const image = await sent({ type: "image", url: "https://93.184.216.34/x.png" });
    expectError(await call("POST", `/messages/${image.id}/edit`, { text: "x" }), 409, "invalid_state");
    const queued = await call("POST", "/messages", { type: "text", to: CONTACT, text: "not sent yet" });
    expectError(await call("POST", `/messages/${queued.body.id}/edit`, { text: "x" }), 409, "invalid_state");
    expectError(await call("POST", `/messages/${UNKNOWN_MSG}/edit`, { text: "x" }), 404, "not_found");
    expectInvalid(await call("POST", `/messages/${sentText}/edit`, { text: "" }), "body.text");
    expectInvalid(await call("POST", `/messages/${sentText}/edit`, { text: "x", more: 1 }), "body.more");
    expectInvalid(await call("POST", "/messages/msg_bad/edit", { text: "x" }), "params.msgId");
  });

  it("deletes a sent message for everyone and refuses others' messages", async () => {
    const mediaId = await upload(s, t, "document", "application/pdf", Buffer.from("%PDF"));
    const doc = await sent({ type: "document", mediaId });
    expect((await call("DELETE", `/messages/${doc.id}`)).status).toBe(202);
    expect(lastCommand()).toMatchObject({
      type: "message.delete",
      data: { messageId: doc.id, target: { waMessageId: doc.waMessageId, fromMe: true } },
    });
    expectError(await call("DELETE", `/messages/${inbound}`), 409, "invalid_state");
    expectError(await call("DELETE", `/messages/${UNKNOWN_MSG}`), 404, "not_found");
  });

  it("marks a chat read with receipts for its unread messages, or for the listed ones", async () => {
    const second = await receive(s, t, sessionId, "still there?");
    expect((await call("POST", "/read", { chat: CONTACT })).status).toBe(202);
    const cmd = lastCommand();
    expect(cmd).toMatchObject({ type: "chat.mark_read", data: { chatJid: CONTACT_JID } });
    expect(cmd?.type === "chat.mark_read" && cmd.data.keys.every((k) => !k.fromMe)).toBe(true);
    const chats = await call("GET", "/chats");
    expect(chats.body.data.find((c: { jid: string }) => c.jid === CONTACT_JID).unreadCount).toBe(0);

    expect((await call("POST", "/read", { chat: CONTACT_JID, messageIds: [second] })).status).toBe(202);
    expect(lastCommand()).toMatchObject({
      type: "chat.mark_read",
      data: { keys: [{ chatJid: CONTACT_JID, fromMe: false }] },
    });

    const own = await call("POST", "/read", { chat: CONTACT, messageIds: [sentText] });
    expectError(own, 400, "validation_failed");
    expect(own.body.error.details[0]).toMatchObject({ path: "body.messageIds.0", code: "not_received" });
    const elsewhere = await call("POST", "/read", { chat: CONTACT, messageIds: [UNKNOWN_MSG] });
    expect(elsewhere.body.error.details[0].code).toBe("message_not_in_chat");
    expectError(await call("POST", "/read", { chat: "4915100000099" }), 404, "not_found");
    expectInvalid(await call("POST", "/read", { chat: "x" }), "body.chat");
    expectInvalid(await call("POST", "/read", { chat: CONTACT, messageIds: [] }), "body.messageIds");
  });

  it("sends presence to a chat and validates the state", async () => {
    expect((await call("POST", "/presence", { chat: CONTACT, state: "composing" })).status).toBe(202);
    expect(lastCommand()).toMatchObject({ type: "chat.presence", data: { chatJid: CONTACT_JID, state: "composing" } });
    expect((await call("POST", "/presence", { chat: CONTACT, state: "recording" })).status).toBe(202);
    expectInvalid(await call("POST", "/presence", { chat: CONTACT, state: "available" }), "body.state");
    expectInvalid(await call("POST", "/presence", { state: "paused" }), "body.chat");
  });

  it("answers 404 for another tenant's session or messages on every verb", async () => {
    const before = s.commands.length;
    const verbs: Array<[string, string, unknown?]> = [
      ["POST", `/messages/${sentText}/edit`, { text: "x" }],
      ["DELETE", `/messages/${sentText}`],
      ["POST", "/read", { chat: CONTACT }],
      ["POST", "/presence", { chat: CONTACT, state: "paused" }],
    ];
    for (const [method, path, json] of verbs) expectError(await call(method, path, json, other.key), 404, "not_found");
    // their own session does not reach into ours either
    const theirs = await openSession(s, other);
    const foreign = (path: string, method = "POST", json?: unknown) =>
      s.h.call(method, `/v1/sessions/${theirs}${path}`, { key: other.key, ...(json ? { json } : {}) });
    expectError(await foreign(`/messages/${sentText}/edit`, "POST", { text: "x" }), 404, "not_found");
    expectError(await foreign(`/messages/${sentText}`, "DELETE"), 404, "not_found");
    expect(s.commands.length).toBe(before);
  });

  it("refuses verbs while the session is not open", async () => {
    const closed = (await s.h.call("POST", "/v1/sessions", { key: t.key, json: { name: "closed" } })).body.id;
    const res = await s.h.call("POST", `/v1/sessions/${closed}/presence`, {
      key: t.key,
      json: { chat: CONTACT, state: "paused" },
    });
    expectError(res, 409, "invalid_state");
  });
});
