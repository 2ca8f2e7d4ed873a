import { newId, type MessageRecord } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { describe, expect, it } from "vitest";
import { useTestStack } from "../testing/index";
import { createMessageStore } from "./message-store";
import { createSessionStore } from "./session-store";

const stack = useTestStack();
const store = createMessageStore({ doc: stack.doc, tableName: stack.tableName });
const sessions = createSessionStore({ doc: stack.doc, tableName: stack.tableName });

/** a stored session of tenant `t`: inbound messages are only stored into one */
async function session(t: string): Promise<string> {
  const s = sessionRecord(t);
  await sessions.create(s);
  return s.id;
}
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
    const s = await session(t);
    const outs = Array.from({ length: 15 }, (_, i) => message(t, s, "out", i, `out${i}`));
    const ins = Array.from({ length: 10 }, (_, i) => message(t, s, "in", 20 + i, `in${i}`));
    const results = await Promise.all([
      ...outs.map((m) => store.recordOutbound(m, bump(m))),
      ...ins.map((m) => store.recordInbound(m, bump(m, "Ada")).then((r) => r?.inserted)),
    ]);
    expect(results.every(Boolean)).toBe(true);
    const chat = await store.getChat(t, s, jid);
    expect(chat).toMatchObject({ unreadCount: 10, name: "Ada", lastMessageAt: at(29), lastMessageText: "in9" });
    expect((await store.listChats(t, s, { limit: 10 })).items.map((c) => c.jid)).toEqual([jid]);
  });

  it("an older message never replaces the chat's latest, and a redelivered inbound counts once", async () => {
    const t = newId("tenant");
    const s = await session(t);
    const newer = message(t, s, "in", 50, "newer");
    const older = message(t, s, "in", 10, "older");
    await store.recordInbound(newer, bump(newer));
    expect((await store.recordInbound(older, bump(older)))?.inserted).toBe(true);
    expect((await store.recordInbound({ ...older, id: newId("message") }, bump(older)))?.inserted).toBe(false);
    expect(await store.getChat(t, s, jid)).toMatchObject({
      unreadCount: 2,
      lastMessageText: "newer",
      lastMessageAt: at(50),
    });
    expect(await store.markChatRead(t, s, jid)).toMatchObject({ unreadCount: 0, lastMessageText: "newer" });
  });

  it("stores no inbound message, uniqueness item or chat into a session that does not exist", async () => {
    const t = newId("tenant");
    const gone = message(t, newId("session"), "in", 1, "late");
    expect(await store.recordInbound(gone, bump(gone))).toBeNull();
    expect(await store.get(t, gone.sessionId, gone.id)).toBeNull();
    expect(await store.findByWaMessageId(t, gone.sessionId, jid, "WAlate")).toBeNull();
    expect(await store.getChat(t, gone.sessionId, jid)).toBeNull();
    // a deleted session counts as gone, and a later message of a stored one is kept as before
    const s = await session(t);
    await sessions.delete(t, s);
    const afterDelete = message(t, s, "in", 2, "after");
    expect(await store.recordInbound(afterDelete, bump(afterDelete))).toBeNull();
    const kept = message(t, await session(t), "in", 3, "kept");
    expect(await store.recordInbound(kept, bump(kept))).toMatchObject({ inserted: true });
  });

  it("finds inbound and sent outbound messages by WhatsApp's id, per chat and session", async () => {
    const t = newId("tenant");
    const s = await session(t);
    const inbound = message(t, s, "in", 1, "hi");
    const out = message(t, s, "out", 2, "yo");
    await store.recordInbound(inbound, bump(inbound));
    await store.recordOutbound(out, bump(out));
    expect(await store.findByWaMessageId(t, s, jid, "WAhi")).toMatchObject({ id: inbound.id });
    expect(await store.findByWaMessageId(t, s, jid, "WAOUT1")).toBeNull();
    await store.advanceStatus(t, s, out.id, {
      status: "sent",
      failure: null,
      waMessageId: "WAOUT1",
      at: at(3),
      eventId: null,
    });
    expect(await store.findByWaMessageId(t, s, jid, "WAOUT1")).toMatchObject({ id: out.id, status: "sent" });
    expect(await store.findByWaMessageId(t, newId("session"), jid, "WAhi")).toBeNull();
    expect(await store.findByWaMessageId(t, s, "4915100000002@s.whatsapp.net", "WAhi")).toBeNull();
  });

  it("patches content only at the expected revision and never touches the status", async () => {
    const t = newId("tenant");
    const s = newId("session");
    const out = message(t, s, "out", 1, "typo");
    await store.recordOutbound(out, bump(out));
    const patch = {
      content: { kind: "text" as const, text: "fixed" },
      editedAt: at(5),
      deletedAt: null,
      reactions: [{ emoji: "👍", senderJid: null, at: at(5) }],
      updatedAt: at(5),
      changeEventId: newId("event"),
    };
    expect(await store.patchContent(t, s, out.id, patch, 0)).toBe(true);
    expect(await store.patchContent(t, s, out.id, { ...patch, editedAt: at(6) }, 0)).toBe(false);
    await store.advanceStatus(t, s, out.id, {
      status: "sent",
      failure: null,
      waMessageId: "WAX",
      at: at(6),
      eventId: null,
    });
    expect(
      await store.patchContent(t, s, out.id, { ...patch, content: { kind: "deleted" }, deletedAt: at(7) }, 1),
    ).toBe(true);
    expect(await store.get(t, s, out.id)).toMatchObject({
      status: "sent",
      content: { kind: "deleted" },
      editedAt: at(5),
      deletedAt: at(7),
      reactions: patch.reactions,
      changeEventId: patch.changeEventId,
      revision: 2,
    });
    expect(await store.patchContent(t, s, newId("message"), patch, 0)).toBe(false);
  });
});
