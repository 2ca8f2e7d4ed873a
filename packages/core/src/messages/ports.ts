import type { ContactInfo, PacingSettings } from "@wharf/contracts";
import type { PageRequest, PageResult } from "../paging";
import type { AuditRecord } from "../audit/ports";
import type { MessageCountRider } from "../limits/quotas";
import type { IdempotencyRecord, StoredResponse } from "./idempotency";
import type {
  ChatBump,
  ChatRecord,
  ContactRecord,
  ContentPatch,
  InboundResult,
  MessageRecord,
  StatusAdvance,
} from "./records";

/**
 * Messages and chats of a session. Inbound messages are unique by (chat, WhatsApp id); the
 * chat moves in the same atomic write as the message, so a redelivered event can neither
 * store a message twice nor count it twice as unread.
 */
export interface MessageStore {
  /**
   * Stores an inbound message unless its (chat, WhatsApp id) is known; then nothing changes.
   * Only into an existing session, checked in the same atomic write (no read before it): null
   * when the session is gone, and nothing is written.
   */
  recordInbound(msg: MessageRecord, chat: ChatBump): Promise<InboundResult | null>;
  /** false when the id exists (nothing changes) */
  recordOutbound(msg: MessageRecord, chat: ChatBump): Promise<boolean>;
  get(tenantId: string, sessionId: string, id: string): Promise<MessageRecord | null>;
  /** a message of a chat by WhatsApp's id: inbound ones, and outbound ones once sent */
  findByWaMessageId(
    tenantId: string,
    sessionId: string,
    chatJid: string,
    waMessageId: string,
  ): Promise<MessageRecord | null>;
  /**
   * Writes a content change (edit, delete, reaction, media) if the message is still at
   * `expectedRevision` (else false: re-read and retry); never touches the status fields.
   */
  patchContent(
    tenantId: string,
    sessionId: string,
    id: string,
    patch: ContentPatch,
    expectedRevision: number,
  ): Promise<boolean>;
  /** moves the status forward only (see canAdvanceStatus); `changed` false otherwise; null when missing */
  advanceStatus(
    tenantId: string,
    sessionId: string,
    id: string,
    update: StatusAdvance,
  ): Promise<{ message: MessageRecord; changed: boolean } | null>;
  /** newest first */
  listByChat(
    tenantId: string,
    sessionId: string,
    chatJid: string,
    page: PageRequest,
  ): Promise<PageResult<MessageRecord>>;
  /** most recent last message first */
  listChats(tenantId: string, sessionId: string, page: PageRequest): Promise<PageResult<ChatRecord>>;
  getChat(tenantId: string, sessionId: string, jid: string): Promise<ChatRecord | null>;
  /** unread back to 0; null when the chat does not exist */
  markChatRead(tenantId: string, sessionId: string, jid: string): Promise<ChatRecord | null>;
}

export interface ContactStore {
  /** merges: a null field never overwrites a known value */
  upsert(tenantId: string, sessionId: string, contacts: ContactInfo[], at: string): Promise<void>;
  /** ordered by JID */
  list(tenantId: string, sessionId: string, page: PageRequest): Promise<PageResult<ContactRecord>>;
}

/** The API's view of a session's pacing (the owner enforces it again; see token-bucket.ts). */
export type PacingVerdict =
  | { allowed: true }
  | { allowed: false; reason: "rate" | "daily_cap"; retryAfterSeconds: number };

/** The audit entry of an accepted send (status 202), written with the accept by a store that can. */
export interface AuditRider {
  tenantId: string;
  record: AuditRecord;
}

/**
 * takeAndRecord's answer: with a message count riding along, "quota" when the tenant is at
 * today's limit (nothing stored, nothing taken).
 */
export type AcceptVerdict =
  | {
      allowed: true;
      /** the count rode along and was taken */
      counted?: boolean;
      /** the audit entry rode along and was written */
      audited?: boolean;
    }
  | Extract<PacingVerdict, { allowed: false }>
  | { allowed: false; reason: "quota" };

export type PacingLimits = Pick<PacingSettings, "messagesPerMinute" | "burst" | "dailyCap">;

export interface PacingLedger {
  take(tenantId: string, sessionId: string, settings: PacingLimits, now: Date): Promise<PacingVerdict>;
  /**
   * Optional: the take and the queued message's write (message + chat bump, as
   * MessageStore.recordOutbound) in one atomic write, one call instead of two. Refused: nothing
   * stored. A message whose id exists already (a retried request) counts as taken. `count`:
   * today's message count taken in the same write (a retried request's is not taken again);
   * `audit`: the request's audit entry (as accepted) written in it too.
   */
  takeAndRecord?(
    msg: MessageRecord,
    chat: ChatBump,
    settings: PacingLimits,
    now: Date,
    count?: MessageCountRider,
    audit?: AuditRider,
  ): Promise<AcceptVerdict>;
}

export type BeginResult = { created: true } | { created: false; existing: IdempotencyRecord };

export interface IdempotencyStore {
  /** stores a pending record unless the key exists (then returns it; expired ones count as absent) */
  begin(record: IdempotencyRecord, now: Date): Promise<BeginResult>;
  /** takes over a stale pending record; false when someone else did first */
  relock(tenantId: string, key: string, expectedLockedAt: string, now: Date): Promise<boolean>;
  complete(tenantId: string, key: string, response: StoredResponse): Promise<void>;
  /** forgets a pending record whose request failed before anything was sent */
  release(tenantId: string, key: string): Promise<void>;
}
