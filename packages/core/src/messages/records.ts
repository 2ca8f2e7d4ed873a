import type {
  ContactInfo,
  MessageDirection,
  MessageReaction,
  MessageStatus,
  StoredMessageContent,
} from "@wharf/contracts";

/** What the message, chat and contact stores keep (the REST shapes are projections). */
export interface MessageFailureRecord {
  code: string;
  message: string;
}

export interface MessageRecord {
  id: string;
  tenantId: string;
  sessionId: string;
  chatJid: string;
  direction: MessageDirection;
  content: StoredMessageContent;
  status: MessageStatus;
  failure: MessageFailureRecord | null;
  waMessageId: string | null;
  /** sender JID of inbound messages */
  from: string | null;
  /** the sender's phone when known (inbound); absent on items stored before it was kept */
  fromPhone?: string | null;
  pushName: string | null;
  /** sent (inbound: WhatsApp's timestamp; outbound: accepted by the API) */
  timestamp: string;
  createdAt: string;
  updatedAt: string;
  /** the event that stored it (inbound) or last moved its status (outbound) */
  eventId: string | null;
  /** when its text was last edited; absent or null when never */
  editedAt?: string | null;
  /** when it was deleted for everyone (content is then a tombstone) */
  deletedAt?: string | null;
  /** current reactions, one per sender */
  reactions?: MessageReaction[];
  /** the event behind the last content change, so its redelivery can be recognised */
  changeEventId?: string | null;
  /** bumped by every content change (edits, deletes, reactions, media): the store's write guard */
  revision?: number;
}

/** A change to a stored message's content side; status changes go through advanceStatus. */
export type ContentPatch = Pick<
  MessageRecord,
  "content" | "editedAt" | "deletedAt" | "reactions" | "updatedAt" | "changeEventId"
>;

export interface ChatRecord {
  tenantId: string;
  sessionId: string;
  jid: string;
  name: string | null;
  phone: string | null;
  unreadCount: number;
  lastMessageAt: string | null;
  lastMessageText: string | null;
  lastMessageDirection: MessageDirection | null;
  /** groups: subject and member count, written with the group's metadata (absent or null: not known) */
  group?: { subject: string; participantCount: number } | null;
}

/** How a new message moves its chat: to the top, with one more unread if it came in. */
export interface ChatBump {
  jid: string;
  at: string;
  text: string | null;
  direction: MessageDirection;
  /** a display name learned from the message (push name); null keeps the stored one */
  name: string | null;
  phone: string | null;
}

export interface ContactRecord extends ContactInfo {
  tenantId: string;
  sessionId: string;
  updatedAt: string;
}

export interface StatusAdvance {
  status: MessageStatus;
  failure: MessageFailureRecord | null;
  waMessageId: string | null;
  at: string;
  /** the event behind the change, remembered so its redelivery can be recognised */
  eventId: string | null;
}

export interface InboundResult {
  /** false when this (chat, WhatsApp id) was stored before; `message` is then the stored one */
  inserted: boolean;
  message: MessageRecord;
}

const RANK: Record<MessageStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4, received: 5 };

/**
 * Outbound statuses only move forward: queued → sent → delivered → read; failed only before
 * delivery. Inbound (`received`) never changes. Late or repeated updates are no-ops.
 */
export function canAdvanceStatus(from: MessageStatus, to: MessageStatus): boolean {
  if (from === "received" || to === "received" || to === "queued" || from === "failed" || from === to) return false;
  if (to === "failed") return from === "queued" || from === "sent";
  return RANK[to] > RANK[from];
}

/** The statuses `to` may follow (the adapters put this in their conditional write). */
export function statusesBefore(to: MessageStatus): MessageStatus[] {
  return (Object.keys(RANK) as MessageStatus[]).filter((from) => canAdvanceStatus(from, to));
}

/** A short preview for chat lists and quotes: the text, a caption, or null for content without words. */
export function contentText(content: StoredMessageContent): string | null {
  switch (content.kind) {
    case "text":
      return content.text;
    case "image":
    case "video":
    case "document":
      return content.caption ?? null;
    case "location":
      return content.name ?? null;
    case "contact":
      return content.contacts[0]?.displayName ?? null;
    case "reaction":
      return content.emoji;
    default:
      return null;
  }
}
