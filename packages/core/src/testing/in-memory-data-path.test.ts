import { describe, expect, it } from "vitest";
import type { MessageRecord } from "../messages/records";
import type { SessionRecord } from "../sessions/ports";
import { sessionRecord } from "./fixtures";
import { InMemoryIdempotencyStore, InMemoryMessageStore, InMemoryPacingLedger } from "./in-memory-messages";
import { InMemoryCommandRouter } from "./in-memory-session-control";
import { InMemorySessionStore } from "./in-memory-sessions";

const at = "2030-01-01T00:00:00.000Z";

function inbound(id: string, waMessageId: string): MessageRecord {
  return {
    id,
    tenantId: "t1",
    sessionId: "s1",
    chatJid: "491511@s.whatsapp.net",
    direction: "in",
    content: { kind: "text", text: "hi" },
    status: "received",
    failure: null,
    waMessageId,
    from: "491511@s.whatsapp.net",
    pushName: null,
    timestamp: at,
    createdAt: at,
    updatedAt: at,
    eventId: null,
  } as MessageRecord;
}

const bump = { jid: "491511@s.whatsapp.net", at, text: "hi", direction: "in" as const, name: null, phone: null };

describe("in-memory data-path fakes", () => {
  it("store an inbound message once per WhatsApp id and count it once as unread", async () => {
    const store = new InMemoryMessageStore();
    expect((await store.recordInbound(inbound("m1", "wa1"), bump))?.inserted).toBe(true);
    expect((await store.recordInbound(inbound("m2", "wa1"), bump))?.inserted).toBe(false);
    expect((await store.getChat("t1", "s1", bump.jid))?.unreadCount).toBe(1);
    expect((await store.listChats("t2", "s1", { limit: 10 })).items).toEqual([]);
  });

  it("store no inbound message into a session their session store does not know", async () => {
    const sessions = new InMemorySessionStore();
    const store = new InMemoryMessageStore(sessions);
    expect(await store.recordInbound(inbound("m1", "wa1"), bump)).toBeNull();
    expect(await store.getChat("t1", "s1", bump.jid)).toBeNull();
    await sessions.create(sessionRecord("t1", { id: "s1" } as Partial<SessionRecord>));
    expect((await store.recordInbound(inbound("m1", "wa1"), bump))?.inserted).toBe(true);
  });

  it("replay the first idempotent request until it expires", async () => {
    const store = new InMemoryIdempotencyStore();
    const record = {
      tenantId: "t1",
      key: "k",
      fingerprint: "f",
      state: "pending" as const,
      messageId: "m",
      commandId: "c",
      response: null,
      createdAt: at,
      lockedAt: at,
    };
    expect(await store.begin(record, new Date(at))).toEqual({ created: true });
    expect(await store.begin({ ...record, messageId: "other" }, new Date(at))).toMatchObject({
      created: false,
      existing: { messageId: "m" },
    });
    expect(await store.begin(record, new Date("2030-01-02T00:00:01.000Z"))).toEqual({ created: true });
  });

  it("refuse a send once the burst is spent", async () => {
    const pacing = new InMemoryPacingLedger();
    const settings = { messagesPerMinute: 1, burst: 1, dailyCap: 100 };
    expect(await pacing.take("t1", "s1", settings, new Date(at))).toEqual({ allowed: true });
    expect(await pacing.take("t1", "s1", settings, new Date(at))).toMatchObject({ allowed: false, reason: "rate" });
  });

  it("route a command to a live owner only", async () => {
    const router = new InMemoryCommandRouter();
    const session = sessionRecord("t1", { lease: { owner: "w1", epoch: 1, leaseUntil: at } });
    const command = { type: "disconnect" } as never;
    expect(await router.toOwner(session, command)).toBe(false);
    router.liveOwners.add("w1");
    expect(await router.toOwner(session, command)).toBe(true);
  });
});
