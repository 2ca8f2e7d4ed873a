import { QueryClient, type InfiniteData } from "@tanstack/react-query";
import type { Page, Session } from "@wharf/contracts";
import { beforeEach, describe, expect, it } from "vitest";
import { qk } from "../api/query-keys";
import type { Chat, LinkCredentials, Message } from "../api/types";
import { frame, makeSession, sessionId } from "../test/fakes";
import { applyFrame, laterStatus } from "./cache-sync";
import { parseFrame, type Frame } from "./frames";

const S1 = sessionId(1);
const JID = "4917612345678@s.whatsapp.net";
const parsed = (type: string, data: unknown, sid = S1): Frame => {
  const f = parseFrame(JSON.stringify(frame(type, sid, data)));
  if (!f) throw new Error(`frame ${type} did not parse`);
  return f;
};
const pages = <T,>(...data: T[][]): InfiniteData<Page<T>, unknown> => ({ pages: data.map((d) => ({ data: d, nextCursor: null })), pageParams: data.map(() => null) });
const msg = (id: string, patch: Partial<Message> = {}): Message => ({
  id,
  sessionId: S1,
  chatJid: JID,
  direction: "out",
  type: "text",
  text: "hi",
  status: "sent",
  timestamp: "2026-01-01T10:00:00.000Z",
  ...patch,
});
const chat = (jid: string, unreadCount = 0): Chat => ({ jid, name: null, unreadCount, lastMessageAt: "2026-01-01T09:00:00.000Z" });

describe("applyFrame", () => {
  let qc: QueryClient;
  beforeEach(() => {
    qc = new QueryClient();
  });

  it("moves a session's status in the list and in its own entry", () => {
    qc.setQueryData<Session[]>(qk.sessions(), [makeSession(1, { status: "qr" }), makeSession(2)]);
    qc.setQueryData<Session>(qk.session(S1), makeSession(1, { status: "qr" }));
    applyFrame(qc, parsed("connection:status", { status: "open", phone: "4915123456789" }));
    expect(qc.getQueryData<Session[]>(qk.sessions())![0]).toMatchObject({ status: "open", phone: "4915123456789" });
    expect(qc.getQueryData<Session>(qk.session(S1))!.status).toBe("open");
    expect(qc.getQueryData<Session[]>(qk.sessions())![1]!.status).toBe("created");
  });

  it("keeps the disconnect reason a failed status brings", () => {
    qc.setQueryData<Session[]>(qk.sessions(), [makeSession(1, { status: "reconnecting" })]);
    const reason = { code: 401, reason: "logged_out", message: "The phone logged out", at: "2026-01-01T00:00:00.000Z" };
    applyFrame(qc, parsed("connection:status", { status: "logged_out", lastDisconnect: reason }));
    expect(qc.getQueryData<Session[]>(qk.sessions())![0]!.lastDisconnect).toEqual(reason);
  });

  it("stores the QR of a connection:qr frame and marks a connecting session as waiting for a scan", () => {
    qc.setQueryData<Session[]>(qk.sessions(), [makeSession(1, { status: "connecting" })]);
    applyFrame(qc, parsed("connection:qr", { qr: "2@abc", expiresAt: "2026-01-01T00:01:00.000Z" }));
    expect(qc.getQueryData<LinkCredentials>(qk.link(S1))).toEqual({ qr: "2@abc", pairingCode: null, expiresAt: "2026-01-01T00:01:00.000Z" });
    expect(qc.getQueryData<Session[]>(qk.sessions())![0]!.status).toBe("qr");
  });

  it("clears the QR once the session opens", () => {
    qc.setQueryData<LinkCredentials>(qk.link(S1), { qr: "2@abc", pairingCode: null, expiresAt: "2026-01-01T00:01:00.000Z" });
    applyFrame(qc, parsed("connection:status", { status: "open" }));
    expect(qc.getQueryData<LinkCredentials>(qk.link(S1))!.qr).toBeNull();
  });

  it("adds a new inbound message to its thread once, and bumps the chat's unread count", () => {
    qc.setQueryData(qk.thread(S1, JID), pages([msg("msg_old")]));
    qc.setQueryData(qk.chats(S1), pages([chat("other@s.whatsapp.net"), chat(JID, 1)]));
    const f = parsed("message:new", { id: "msg_new", chatJid: JID, direction: "in", type: "text", text: "hello", status: "delivered", timestamp: "2026-01-01T11:00:00.000Z" });
    applyFrame(qc, f);
    applyFrame(qc, f);
    const thread = qc.getQueryData<InfiniteData<Page<Message>>>(qk.thread(S1, JID))!;
    expect(thread.pages[0]!.data.map((m) => m.id)).toEqual(["msg_new", "msg_old"]);
    const chats = qc.getQueryData<InfiniteData<Page<Chat>>>(qk.chats(S1))!;
    expect(chats.pages[0]!.data[0]).toMatchObject({ jid: JID, unreadCount: 3, lastMessageText: "hello" });
  });

  it("does not count messages of the chat on screen as unread", () => {
    qc.setQueryData(qk.chats(S1), pages([chat(JID, 0)]));
    applyFrame(qc, parsed("message:new", { id: "msg_new", chatJid: JID, direction: "in", text: "hi", status: "delivered", timestamp: "2026-01-01T11:00:00.000Z" }), {
      activeChat: { sessionId: S1, jid: JID },
    });
    expect(qc.getQueryData<InfiniteData<Page<Chat>>>(qk.chats(S1))!.pages[0]!.data[0]!.unreadCount).toBe(0);
  });

  it("refetches the chat list for a conversation it does not know", () => {
    qc.setQueryData(qk.chats(S1), pages([chat("other@s.whatsapp.net")]));
    applyFrame(qc, parsed("message:new", { id: "msg_new", chatJid: JID, direction: "in", text: "hi", status: "delivered", timestamp: "2026-01-01T11:00:00.000Z" }));
    expect(qc.getQueryState(qk.chats(S1))!.isInvalidated).toBe(true);
  });

  it("moves ticks forward only", () => {
    qc.setQueryData(qk.thread(S1, JID), pages([msg("msg_1", { status: "sent" })]));
    applyFrame(qc, parsed("message:status", { messageId: "msg_1", chatJid: JID, status: "read" }));
    applyFrame(qc, parsed("message:status", { messageId: "msg_1", chatJid: JID, status: "delivered" }));
    expect(qc.getQueryData<InfiniteData<Page<Message>>>(qk.thread(S1, JID))!.pages[0]!.data[0]!.status).toBe("read");
  });

  it("finds the message in any cached thread when the frame names no chat", () => {
    qc.setQueryData(qk.thread(S1, JID), pages([msg("msg_1", { status: "sent" })]));
    applyFrame(qc, parsed("message:status", { messageId: "msg_1", status: "failed", failureReason: "recipient not on WhatsApp" }));
    expect(qc.getQueryData<InfiniteData<Page<Message>>>(qk.thread(S1, JID))!.pages[0]!.data[0]).toMatchObject({
      status: "failed",
      failureReason: "recipient not on WhatsApp",
    });
  });
});

describe("laterStatus", () => {
  it("orders queued < sent < delivered < read and lets failed win", () => {
    expect(laterStatus("queued", "sent")).toBe("sent");
    expect(laterStatus("read", "delivered")).toBe("read");
    expect(laterStatus("delivered", "failed")).toBe("failed");
  });
});
