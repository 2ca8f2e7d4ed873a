import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { Page, Session } from "@wharf/contracts";
import { qk } from "../api/query-keys";
import type { Chat, LinkCredentials, Message } from "../api/types";
import { contentSummary } from "../chat/content/summary";
import type { Frame, FrameOf } from "./frames";
import { applyGroupUpdate } from "./group-updates";
import { applyMessageUpdate } from "./message-updates";

/**
 * Applies realtime frames to the TanStack Query cache, so every page that reads a session,
 * chat list or thread re-renders without a refetch. Pure function of (cache, frame).
 */
export interface SyncContext {
  /** The conversation on screen: its inbound messages do not count as unread. */
  activeChat?: { sessionId: string; jid: string } | null;
}

type Pages<T> = InfiniteData<Page<T>, unknown>;

// Outbound messages move queued → sent → delivered → read (or failed); inbound ones are `received`.
const STATUS_RANK: Record<Message["status"], number> = {
  queued: 0,
  received: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

export function patchSession(qc: QueryClient, sessionId: string, patch: (s: Session) => Session): void {
  qc.setQueryData<Session[]>(qk.sessions(), (list) => list?.map((s) => (s.id === sessionId ? patch(s) : s)));
  qc.setQueryData<Session>(qk.session(sessionId), (s) => (s ? patch(s) : s));
}

export function upsertMessage(qc: QueryClient, msg: Message): void {
  qc.setQueryData<Pages<Message>>(qk.thread(msg.sessionId, msg.chatJid), (data) => {
    if (!data) return data;
    const exists = data.pages.some((p) => p.data.some((m) => m.id === msg.id));
    if (exists)
      return mapMessages(data, (m) =>
        m.id === msg.id ? { ...m, ...msg, status: laterStatus(m.status, msg.status) } : m,
      );
    const [first, ...rest] = data.pages;
    const firstPage: Page<Message> = first
      ? { ...first, data: [msg, ...first.data] }
      : { data: [msg], nextCursor: null };
    return { ...data, pages: [firstPage, ...rest] };
  });
}

/** Statuses only move forward (a late `sent` never overwrites `read`); `failed` always wins. */
export function laterStatus(current: Message["status"], next: Message["status"]): Message["status"] {
  return STATUS_RANK[next] >= STATUS_RANK[current] ? next : current;
}

function mapMessages(data: Pages<Message>, fn: (m: Message) => Message): Pages<Message> {
  return { ...data, pages: data.pages.map((p) => ({ ...p, data: p.data.map(fn) })) };
}

function applyMessageStatus(
  qc: QueryClient,
  sessionId: string,
  u: FrameOf<"message:status">["data"],
  at: string,
): void {
  const update = (data: Pages<Message> | undefined) =>
    data &&
    mapMessages(data, (m) => {
      if (m.id !== u.messageId) return m;
      const status = laterStatus(m.status, u.status);
      if (status === m.status) return m;
      return {
        ...m,
        status,
        failureCode: u.failureCode ?? m.failureCode,
        failureReason: u.failureReason ?? m.failureReason,
        waMessageId: u.waMessageId ?? m.waMessageId,
        updatedAt: at,
      };
    });
  if (u.chatJid) {
    qc.setQueryData<Pages<Message>>(qk.thread(sessionId, u.chatJid), update);
    return;
  }
  // Without the chat, look through every cached thread of the session.
  for (const [key] of qc.getQueriesData<Pages<Message>>({ queryKey: ["thread", sessionId] })) {
    qc.setQueryData<Pages<Message>>(key, update);
  }
}

/** Moves the message's chat to the top of the list with it as the preview (and counts unread inbound). */
export function bumpChat(qc: QueryClient, msg: Message, ctx: SyncContext): void {
  const isOpen = ctx.activeChat?.sessionId === msg.sessionId && ctx.activeChat.jid === msg.chatJid;
  let found = false;
  qc.setQueryData<Pages<Chat>>(qk.chats(msg.sessionId), (data) => {
    if (!data) return data;
    let chat: Chat | undefined;
    const pages = data.pages.map((p) => ({
      ...p,
      data: p.data.filter((c) => {
        if (c.jid !== msg.chatJid) return true;
        chat = c;
        return false;
      }),
    }));
    if (!chat) return data;
    found = true;
    const updated: Chat = {
      ...chat,
      lastMessageAt: msg.timestamp,
      lastMessageText: msg.text ?? contentSummary(msg.content),
      lastMessageDirection: msg.direction,
      unreadCount: msg.direction === "in" && !isOpen ? chat.unreadCount + 1 : chat.unreadCount,
    };
    const [first, ...rest] = pages;
    return {
      ...data,
      pages: [{ data: [updated, ...(first?.data ?? [])], nextCursor: first?.nextCursor ?? null }, ...rest],
    };
  });
  // A conversation the list has not seen: fetch the list again rather than guess its name.
  if (!found) void qc.invalidateQueries({ queryKey: qk.chats(msg.sessionId) });
}

export function applyFrame(qc: QueryClient, frame: Frame, ctx: SyncContext = {}): void {
  switch (frame.type) {
    case "connection:status": {
      const { status, phone, accountName, lastDisconnect, health } = frame.data;
      patchSession(qc, frame.sessionId, (s) => ({
        ...s,
        status,
        phone,
        ...(accountName !== undefined ? { accountName } : {}),
        lastDisconnect,
        ...(health ? { health } : {}),
        updatedAt: frame.at,
      }));
      if (status === "open" || status === "disconnected" || status === "logged_out" || status === "failed") {
        qc.setQueryData<LinkCredentials>(qk.link(frame.sessionId), (c) =>
          c ? { qr: null, dataUrl: null, pairingCode: null, expiresAt: null } : c,
        );
      }
      // A session the list does not know yet (created in another tab): refetch the list.
      const list = qc.getQueryData<Session[]>(qk.sessions());
      if (list && !list.some((s) => s.id === frame.sessionId))
        void qc.invalidateQueries({ queryKey: qk.sessions(), exact: true });
      return;
    }
    case "connection:qr": {
      // A frame carries the current QR or the current pairing code; it replaces the previous one.
      const { qr, pairingCode, expiresAt } = frame.data;
      qc.setQueryData<LinkCredentials>(qk.link(frame.sessionId), { qr, dataUrl: null, pairingCode, expiresAt });
      const linking = pairingCode ? "pairing" : "qr";
      patchSession(qc, frame.sessionId, (s) =>
        s.status === "connecting" || s.status === "qr" || s.status === "pairing" || s.status === "reconnecting"
          ? { ...s, status: linking }
          : s,
      );
      return;
    }
    case "connection:error": {
      const { status, reconnectsLast5m, ...info } = frame.data;
      if (info.reason === "unstable") {
        // Not a disconnect: the session flaps. Show the count; keep the last real reason.
        if (reconnectsLast5m !== null)
          patchSession(qc, frame.sessionId, (s) => ({ ...s, health: { ...s.health, reconnectsLast5m } }));
        return;
      }
      patchSession(qc, frame.sessionId, (s) => ({ ...s, lastDisconnect: info, ...(status ? { status } : {}) }));
      return;
    }
    case "message:new":
      upsertMessage(qc, frame.data);
      bumpChat(qc, frame.data, ctx);
      return;
    case "message:status":
      applyMessageStatus(qc, frame.sessionId, frame.data, frame.at);
      return;
    case "message:updated":
      applyMessageUpdate(qc, frame.sessionId, frame.data);
      return;
    case "chat:presence":
      // Not cached: the typing indicator listens to these frames itself (chat/typing.ts).
      return;
    case "message:action_failed":
      // Not cached: nothing changed; the shell shows a toast (chat/action-failures.ts).
      return;
    case "group:updated":
      applyGroupUpdate(qc, frame.sessionId, frame.data);
      return;
  }
}

/** After a reconnect frames may have been missed: refetch what the screen shows. */
export function resync(qc: QueryClient): void {
  for (const key of [qk.sessions(), ["chats"], ["thread"], ["link"], ["group"]])
    void qc.invalidateQueries({ queryKey: key });
}
