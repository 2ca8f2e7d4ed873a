import { QueryClient, type InfiniteData } from "@tanstack/react-query";
import type { Page, Session } from "@wharf/contracts";
import { beforeEach, describe, expect, it } from "vitest";
import { qk } from "../api/query-keys";
import type { Chat, LinkCredentials, Message } from "../api/types";
import {
  frame,
  makeChat,
  makeMessage,
  makeSession,
  messageId,
  messageStatusData,
  sessionId,
  statusData,
} from "../test/fakes";
import { applyFrame, laterStatus } from "./cache-sync";
import { parseFrame, type Frame } from "./frames";

const S1 = sessionId(1);
const JID = "4917612345678@s.whatsapp.net";
const parsed = (type: string, data: unknown, sid = S1): Frame => {
  const f = parseFrame(JSON.stringify(frame(type, sid, data)));
  if (!f) throw new Error(`frame ${type} did not parse`);
  return f;
};
const pages = <T>(...data: T[][]): InfiniteData<Page<T>, unknown> => ({
  pages: data.map((d) => ({ data: d, nextCursor: null })),
  pageParams: data.map(() => null),
});
const msg = (n: number, patch: Partial<Message> = {}): Message =>
  makeMessage(n, { sessionId: S1, chatJid: JID, ...patch });
const inbound = (n: number, text: string) =>
  makeMessage(n, {
    sessionId: S1,
    chatJid: JID,
    direction: "in",
    text,
    content: { kind: "text", text },
    status: "received",
    timestamp: "2026-01-01T11:00:00.000Z",
  });
const chat = (jid: string, unreadCount = 0): Chat => makeChat(jid, { unreadCount });

describe("applyFrame", () => {
  let qc: QueryClient;
  beforeEach(() => {
    qc = new QueryClient();
  });

  it("moves a session's status in the list and in its own entry", () => {
    qc.setQueryData<Session[]>(qk.sessions(), [makeSession(1, { status: "qr" }), makeSession(2)]);
    qc.setQueryData<Session>(qk.session(S1), makeSession(1, { status: "qr" }));
    applyFrame(qc, parsed("connection:status", statusData({ status: "open", phone: "4915123456789" })));
    expect(qc.getQueryData<Session[]>(qk.sessions())![0]).toMatchObject({ status: "open", phone: "4915123456789" });
    expect(qc.getQueryData<Session>(qk.session(S1))!.status).toBe("open");
    expect(qc.getQueryData<Session[]>(qk.sessions())![1]!.status).toBe("created");
  });

  it("takes the account name a status frame brings, and keeps it when an older server sends none", () => {
    qc.setQueryData<Session[]>(qk.sessions(), [makeSession(1, { status: "qr" })]);
    applyFrame(
      qc,
      parsed("connection:status", statusData({ status: "open", phone: "4915123456789", accountName: "Acme Support" })),
    );
    expect(qc.getQueryData<Session[]>(qk.sessions())![0]).toMatchObject({ accountName: "Acme Support" });
    const { accountName: _, ...older } = statusData({ status: "reconnecting", phone: "4915123456789" });
    applyFrame(qc, parsed("connection:status", older));
    expect(qc.getQueryData<Session[]>(qk.sessions())![0]).toMatchObject({
      status: "reconnecting",
      accountName: "Acme Support",
    });
  });

  it("keeps the disconnect reason a failed status brings", () => {
    qc.setQueryData<Session[]>(qk.sessions(), [makeSession(1, { status: "reconnecting" })]);
    const reason = { code: 401, reason: "logged_out", message: "The phone logged out", at: "2026-01-01T00:00:00.000Z" };
    applyFrame(qc, parsed("connection:status", statusData({ status: "logged_out", lastDisconnect: reason })));
    expect(qc.getQueryData<Session[]>(qk.sessions())![0]!.lastDisconnect).toEqual(reason);
  });

  it("stores the QR of a connection:qr frame and marks a connecting session as waiting for a scan", () => {
    qc.setQueryData<Session[]>(qk.sessions(), [makeSession(1, { status: "connecting" })]);
    applyFrame(qc, parsed("connection:qr", { qr: "2@abc", pairingCode: null, expiresAt: "2026-01-01T00:01:00.000Z" }));
    expect(qc.getQueryData<LinkCredentials>(qk.link(S1))).toEqual({
      qr: "2@abc",
      dataUrl: null,
      pairingCode: null,
      expiresAt: "2026-01-01T00:01:00.000Z",
    });
    expect(qc.getQueryData<Session[]>(qk.sessions())![0]!.status).toBe("qr");
  });

  it("clears the QR once the session opens", () => {
    qc.setQueryData<LinkCredentials>(qk.link(S1), {
      qr: "2@abc",
      dataUrl: null,
      pairingCode: null,
      expiresAt: "2026-01-01T00:01:00.000Z",
    });
    applyFrame(qc, parsed("connection:status", statusData({ status: "open" })));
    expect(qc.getQueryData<LinkCredentials>(qk.link(S1))!.qr).toBeNull();
  });

  it("adds a new inbound message to its thread once, and bumps the chat's unread count", () => {
    qc.setQueryData(qk.thread(S1, JID), pages([msg(1)]));
    qc.setQueryData(qk.chats(S1), pages([chat("other@s.whatsapp.net"), chat(JID, 1)]));
    const f = parsed("message:new", inbound(2, "hello"));
    applyFrame(qc, f);
    applyFrame(qc, f);
    const thread = qc.getQueryData<InfiniteData<Page<Message>>>(qk.thread(S1, JID))!;
    expect(thread.pages[0]!.data.map((m) => m.id)).toEqual([messageId(2), messageId(1)]);
    expect(thread.pages[0]!.data[0]!.status).toBe("received");
    const chats = qc.getQueryData<InfiniteData<Page<Chat>>>(qk.chats(S1))!;
    expect(chats.pages[0]!.data[0]).toMatchObject({ jid: JID, unreadCount: 3, lastMessageText: "hello" });
  });

  it("does not count messages of the chat on screen as unread", () => {
    qc.setQueryData(qk.chats(S1), pages([chat(JID, 0)]));
    applyFrame(qc, parsed("message:new", inbound(2, "hi")), {
      activeChat: { sessionId: S1, jid: JID },
    });
    expect(qc.getQueryData<InfiniteData<Page<Chat>>>(qk.chats(S1))!.pages[0]!.data[0]!.unreadCount).toBe(0);
  });

  it("refetches the chat list for a conversation it does not know", () => {
    qc.setQueryData(qk.chats(S1), pages([chat("other@s.whatsapp.net")]));
    applyFrame(qc, parsed("message:new", inbound(2, "hi")));
    expect(qc.getQueryState(qk.chats(S1))!.isInvalidated).toBe(true);
  });

  it("moves ticks forward only", () => {
    qc.setQueryData(qk.thread(S1, JID), pages([msg(1, { status: "sent" })]));
    applyFrame(
      qc,
      parsed("message:status", messageStatusData({ messageId: messageId(1), chatJid: JID, status: "read" })),
    );
    applyFrame(
      qc,
      parsed("message:status", messageStatusData({ messageId: messageId(1), chatJid: JID, status: "delivered" })),
    );
    expect(qc.getQueryData<InfiniteData<Page<Message>>>(qk.thread(S1, JID))!.pages[0]!.data[0]!.status).toBe("read");
  });

  it("finds the message in any cached thread when the frame names no chat", () => {
    qc.setQueryData(qk.thread(S1, JID), pages([msg(1, { status: "sent" })]));
    applyFrame(
      qc,
      parsed(
        "message:status",
        messageStatusData({
          messageId: messageId(1),
          status: "failed",
          failureCode: "invalid_recipient",
          failureReason: "recipient not on WhatsApp",
        }),
      ),
    );
    expect(qc.getQueryData<InfiniteData<Page<Message>>>(qk.thread(S1, JID))!.pages[0]!.data[0]).toMatchObject({
      status: "failed",
      failureCode: "invalid_recipient",
      failureReason: "recipient not on WhatsApp",
    });
  });
});

describe("applyFrame with the other frame kinds", () => {
  let qc: QueryClient;
  beforeEach(() => {
    qc = new QueryClient();
  });

  it("replaces a QR with the pairing code of the next frame and marks the session as pairing", () => {
    qc.setQueryData<Session[]>(qk.sessions(), [makeSession(1, { status: "qr" })]);
    applyFrame(qc, parsed("connection:qr", { qr: "2@abc", pairingCode: null, expiresAt: "2026-01-01T00:01:00.000Z" }));
    applyFrame(
      qc,
      parsed("connection:qr", { qr: null, pairingCode: "ABCD1234", expiresAt: "2026-01-01T00:03:00.000Z" }),
    );
    expect(qc.getQueryData<LinkCredentials>(qk.link(S1))).toMatchObject({ qr: null, pairingCode: "ABCD1234" });
    expect(qc.getQueryData<Session[]>(qk.sessions())![0]!.status).toBe("pairing");
  });

  it("records why a session stopped from a connection:error frame", () => {
    qc.setQueryData<Session[]>(qk.sessions(), [makeSession(1, { status: "open" })]);
    const at = "2026-01-01T00:00:00.000Z";
    applyFrame(
      qc,
      parsed("connection:error", {
        code: 401,
        reason: "logged_out",
        message: "The phone logged out",
        at,
        status: "logged_out",
        reconnectsLast5m: null,
      }),
    );
    expect(qc.getQueryData<Session[]>(qk.sessions())![0]).toMatchObject({
      status: "logged_out",
      lastDisconnect: { code: 401, reason: "logged_out", message: "The phone logged out", at },
    });
  });

  it("counts reconnects of an unstable session without calling it a disconnect", () => {
    qc.setQueryData<Session[]>(qk.sessions(), [makeSession(1, { status: "reconnecting" })]);
    applyFrame(
      qc,
      parsed("connection:error", {
        code: 428,
        reason: "unstable",
        message: "reconnected 6 times",
        at: "2026-01-01T00:00:00.000Z",
        status: "reconnecting",
        reconnectsLast5m: 6,
      }),
    );
    const s = qc.getQueryData<Session[]>(qk.sessions())![0]!;
    expect(s.health.reconnectsLast5m).toBe(6);
    expect(s.lastDisconnect).toBeNull();
  });

  it("shows a media message without text by what it is", () => {
    qc.setQueryData(qk.chats(S1), pages([chat(JID)]));
    const photo = makeMessage(3, {
      sessionId: S1,
      chatJid: JID,
      direction: "in",
      text: null,
      type: "image",
      content: {
        kind: "image",
        mimetype: "image/jpeg",
        caption: null,
        fileName: null,
        size: 1200,
        durationSeconds: null,
      },
      status: "received",
    });
    applyFrame(qc, parsed("message:new", photo));
    expect(qc.getQueryData<InfiniteData<Page<Chat>>>(qk.chats(S1))!.pages[0]!.data[0]!.lastMessageText).toBe("Photo");
  });

  it("keeps a message whose content kind this build does not know", () => {
    const future = {
      ...makeMessage(4, { sessionId: S1, direction: "in", status: "received" }),
      content: { kind: "hologram", depth: 3 },
    };
    const f = parseFrame(JSON.stringify(frame("message:new", S1, future)));
    expect(f?.type === "message:new" && f.data.content).toEqual({ kind: "unsupported", waType: "hologram" });
  });

  it("ignores frames whose data does not match the contract", () => {
    expect(parseFrame(JSON.stringify(frame("connection:status", S1, { status: "open" })))).toBeNull();
    expect(
      parseFrame(
        JSON.stringify(frame("message:status", S1, messageStatusData({ messageId: "msg_nope", status: "read" }))),
      ),
    ).toBeNull();
    expect(
      parseFrame(JSON.stringify(frame("connection:qr", S1, { qr: "2@abc", pairingCode: null, expiresAt: "soon" }))),
    ).toBeNull();
  });
});

describe("laterStatus", () => {
  it("orders queued < sent < delivered < read and lets failed win", () => {
    expect(laterStatus("queued", "sent")).toBe("sent");
    expect(laterStatus("read", "delivered")).toBe("read");
    expect(laterStatus("delivered", "failed")).toBe("failed");
  });
});
