import type { ChatBump, ChatRecord } from "./records";

/**
 * A chat after a new message: the preview follows the newest message only (a late, older
 * message never moves the chat back), inbound messages count as unread, and a learned name
 * or phone fills in without erasing a known one.
 */
export function applyChatBump(
  chat: ChatRecord | null,
  bump: ChatBump,
  ids: { tenantId: string; sessionId: string },
): ChatRecord {
  const base: ChatRecord = chat ?? {
    tenantId: ids.tenantId,
    sessionId: ids.sessionId,
    jid: bump.jid,
    name: null,
    phone: null,
    unreadCount: 0,
    lastMessageAt: null,
    lastMessageText: null,
    lastMessageDirection: null,
  };
  const newest = base.lastMessageAt === null || bump.at >= base.lastMessageAt;
  return {
    ...base,
    name: bump.name ?? base.name,
    phone: bump.phone ?? base.phone,
    unreadCount: base.unreadCount + (bump.direction === "in" ? 1 : 0),
    ...(newest ? { lastMessageAt: bump.at, lastMessageText: bump.text, lastMessageDirection: bump.direction } : {}),
  };
}
