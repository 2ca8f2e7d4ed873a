import { newId, type MessageRecord } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { useTestStack } from "../testing/index";
import { createMessageStore } from "./message-store";

const stack = useTestStack();
const store = createMessageStore({ doc: stack.doc, tableName: stack.tableName });
const jid = "4915100000001@s.whatsapp.net";
const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 12, 0, s)).toISOString();

function message(t: string, s: string, direction: "in" | "out", sec: number, text: string): MessageRecord {
  return {
    id: newId("message"),
    tenantId: t,
    sessionId: s,
    chatJid: jid,
    direction,
    content: { kind: "text", text },
    status: direction === "in" ? "delivered" : "queued",
    failure: null,
    waMessageId: direction === "in" ? `WA${text}` : null,
    from: direction === "in" ? jid : null,
    pushName: null,
    timestamp: at(sec),
    createdAt: at(sec),
    updatedAt: at(sec),
    eventId: null,
  };
}

const bump = (m: MessageRecord, name: string | null = null) => ({
  jid,
  at: m.timestamp,
  text: m.content.kind === "text" ? m.content.text : null,
  direction: m.direction,
  name,
  phone: null,
});

describe("message store on DynamoDB", () => {
  it("keeps every concurrent write to one chat: all messages, every unread, the newest as latest", async () => {
    const t = newId("tenant");
    const s = newId("session");
    const outs = Array.from({ length: 15 }, (_, i) => message(t, s, "out", i, `out${i}`));
    const ins = Array.from({ length: 10 }, (_, i) => message(t, s, "in", 20 + i, `in${i}`));
    const results = await Promise.all([
      ...outs.map((m) => store.recordOutbound(m, bump(m))),
      ...ins.map((m) => store.recordInbound(m, bump(m, "Ada")).then((r) => r.inserted)),
    ]);
    expect(results.every(Boolean)).toBe(true);
    const chat = await store.getChat(t, s, jid);
    expect(chat).toMatchObject({ unreadCount: 10, name: "Ada", lastMessageAt: at(29), lastMessageText: "in9" });
    expect((await store.listChats(t, s, { limit: 10 })).items.map((c) => c.jid)).toEqual([jid]);
  });

  it("an older message never replaces the chat's latest, and a redelivered inbound counts once", async () => {
    const t = newId("tenant");
    const s = newId("session");
    const newer = message(t, s, "in", 50, "newer");
    const older = message(t, s, "in", 10, "older");
    await store.recordInbound(newer, bump(newer));
    expect((await store.recordInbound(older, bump(older))).inserted).toBe(true);
    expect((await store.recordInbound({ ...older, id: newId("message") }, bump(older))).inserted).toBe(false);
    expect(await store.getChat(t, s, jid)).toMatchObject({
      unreadCount: 2,
      lastMessageText: "newer",
      lastMessageAt: at(50),
    });
    expect(await store.markChatRead(t, s, jid)).toMatchObject({ unreadCount: 0, lastMessageText: "newer" });
  });
});
