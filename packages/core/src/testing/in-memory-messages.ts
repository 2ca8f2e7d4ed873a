import type { ContactInfo } from "@wharf/contracts";
import { applyChatBump } from "../messages/chats";
import { IDEMPOTENCY_TTL_SECONDS, type IdempotencyRecord, type StoredResponse } from "../messages/idempotency";
import type {
  BeginResult,
  ContactStore,
  IdempotencyStore,
  MessageStore,
  PacingLedger,
  PacingVerdict,
} from "../messages/ports";
import {
  canAdvanceStatus,
  type ChatBump,
  type ChatRecord,
  type ContactRecord,
  type ContentPatch,
  type InboundResult,
  type MessageRecord,
  type StatusAdvance,
} from "../messages/records";
import type { PageRequest, PageResult } from "../paging";
import type { SessionStore } from "../sessions/ports";
import { createPacingState, type PacingState, tryTake, withPacingSettings } from "../pacing/token-bucket";
import { copy, paginate } from "./paging";

const chatKey = (t: string, s: string, jid: string) => `${t}|${s}|${jid}`;

/**
 * Messages and chats in memory: inbound unique by (chat, WhatsApp id), statuses forward only.
 * `sessions`: the session store inbound messages need a session in; without one, every session exists.
 */
export class InMemoryMessageStore implements MessageStore {
  readonly messages = new Map<string, MessageRecord>();
  readonly chats = new Map<string, ChatRecord>();

  constructor(private readonly sessions?: Pick<SessionStore, "get">) {}

  async recordInbound(msg: MessageRecord, chat: ChatBump): Promise<InboundResult | null> {
    if (this.sessions && !(await this.sessions.get(msg.tenantId, msg.sessionId))) return null;
    const known = [...this.messages.values()].find(
      (m) =>
        m.tenantId === msg.tenantId &&
        m.sessionId === msg.sessionId &&
        m.chatJid === msg.chatJid &&
        m.waMessageId !== null &&
        m.waMessageId === msg.waMessageId,
    );
    if (known) return { inserted: false, message: copy(known) };
    this.store(msg, chat);
    return { inserted: true, message: copy(msg) };
  }

  async recordOutbound(msg: MessageRecord, chat: ChatBump): Promise<boolean> {
    if (this.messages.has(chatKey(msg.tenantId, msg.sessionId, msg.id))) return false;
    this.store(msg, chat);
    return true;
  }

  private store(msg: MessageRecord, bump: ChatBump): void {
    this.messages.set(chatKey(msg.tenantId, msg.sessionId, msg.id), copy(msg));
    const k = chatKey(msg.tenantId, msg.sessionId, bump.jid);
    this.chats.set(k, applyChatBump(this.chats.get(k) ?? null, bump, msg));
  }

  async get(t: string, s: string, id: string): Promise<MessageRecord | null> {
    const m = this.messages.get(chatKey(t, s, id));
    return m ? copy(m) : null;
  }

  async findByWaMessageId(t: string, s: string, chatJid: string, waMessageId: string): Promise<MessageRecord | null> {
    const m = [...this.messages.values()].find(
      (x) => x.tenantId === t && x.sessionId === s && x.chatJid === chatJid && x.waMessageId === waMessageId,
    );
    return m ? copy(m) : null;
  }

  async patchContent(t: string, s: string, id: string, patch: ContentPatch, expectedRevision: number) {
    const m = this.messages.get(chatKey(t, s, id));
    if (!m || (m.revision ?? 0) !== expectedRevision) return false;
    this.messages.set(chatKey(t, s, id), { ...m, ...copy(patch), revision: expectedRevision + 1 });
    return true;
  }

  async advanceStatus(t: string, s: string, id: string, update: StatusAdvance) {
    const m = this.messages.get(chatKey(t, s, id));
    if (!m) return null;
    if (!canAdvanceStatus(m.status, update.status)) return { message: copy(m), changed: false };
    const next: MessageRecord = {
      ...m,
      status: update.status,
      failure: update.failure,
      waMessageId: update.waMessageId ?? m.waMessageId,
      updatedAt: update.at,
      eventId: update.eventId,
    };
    this.messages.set(chatKey(t, s, id), next);
    return { message: copy(next), changed: true };
  }

  async listByChat(t: string, s: string, jid: string, page: PageRequest): Promise<PageResult<MessageRecord>> {
    const key = (m: MessageRecord) => `${m.timestamp}#${m.id}`;
    const mine = [...this.messages.values()]
      .filter((m) => m.tenantId === t && m.sessionId === s && m.chatJid === jid)
      .sort((a, b) => (key(a) < key(b) ? 1 : -1));
    return paginate(mine.map(copy), key, "desc", `${t}|${s}|${jid}|messages`, page);
  }

  async listChats(t: string, s: string, page: PageRequest): Promise<PageResult<ChatRecord>> {
    const key = (c: ChatRecord) => `${c.lastMessageAt ?? ""}#${c.jid}`;
    const mine = [...this.chats.values()]
      .filter((c) => c.tenantId === t && c.sessionId === s)
      .sort((a, b) => (key(a) < key(b) ? 1 : -1));
    return paginate(mine.map(copy), key, "desc", `${t}|${s}|chats`, page);
  }

  async getChat(t: string, s: string, jid: string): Promise<ChatRecord | null> {
    const c = this.chats.get(chatKey(t, s, jid));
    return c ? copy(c) : null;
  }

  async markChatRead(t: string, s: string, jid: string): Promise<ChatRecord | null> {
    const c = this.chats.get(chatKey(t, s, jid));
    if (!c) return null;
    const next = { ...c, unreadCount: 0 };
    this.chats.set(chatKey(t, s, jid), next);
    return copy(next);
  }
}

/** Contacts in memory; a null field never overwrites a known value. */
export class InMemoryContactStore implements ContactStore {
  readonly contacts = new Map<string, ContactRecord>();

  async upsert(t: string, s: string, contacts: ContactInfo[], at: string): Promise<void> {
    for (const c of contacts) {
      const k = chatKey(t, s, c.jid);
      const known = this.contacts.get(k);
      const merged: ContactInfo = {
        jid: c.jid,
        lid: c.lid ?? known?.lid ?? null,
        phone: c.phone ?? known?.phone ?? null,
        name: c.name ?? known?.name ?? null,
        notify: c.notify ?? known?.notify ?? null,
      };
      this.contacts.set(k, { ...known, ...merged, tenantId: t, sessionId: s, updatedAt: at });
    }
  }

  async list(t: string, s: string, page: PageRequest): Promise<PageResult<ContactRecord>> {
    const mine = [...this.contacts.values()]
      .filter((c) => c.tenantId === t && c.sessionId === s)
      .sort((a, b) => (a.jid < b.jid ? -1 : 1));
    return paginate(mine.map(copy), (c) => c.jid, "asc", `${t}|${s}|contacts`, page);
  }
}

/** Idempotency records in memory, expiring after the same 24 h as the adapter's TTL. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord>();

  async begin(record: IdempotencyRecord, now: Date): Promise<BeginResult> {
    const k = `${record.tenantId}|${record.key}`;
    const known = this.records.get(k);
    const expired = known && Date.parse(known.createdAt) + IDEMPOTENCY_TTL_SECONDS * 1000 <= now.getTime();
    if (known && !expired) return { created: false, existing: copy(known) };
    this.records.set(k, copy(record));
    return { created: true };
  }

  async relock(t: string, key: string, expectedLockedAt: string, now: Date): Promise<boolean> {
    const r = this.records.get(`${t}|${key}`);
    if (r?.state !== "pending" || r.lockedAt !== expectedLockedAt) return false;
    this.records.set(`${t}|${key}`, { ...r, lockedAt: now.toISOString() });
    return true;
  }

  async complete(t: string, key: string, response: StoredResponse): Promise<void> {
    const r = this.records.get(`${t}|${key}`);
    if (r) this.records.set(`${t}|${key}`, { ...r, state: "done", response: copy(response) });
  }

  async release(t: string, key: string): Promise<void> {
    const r = this.records.get(`${t}|${key}`);
    if (r?.state === "pending") this.records.delete(`${t}|${key}`);
  }
}

/** The API's pacing buckets in memory, one per session, over core's token bucket. */
export class InMemoryPacingLedger implements PacingLedger {
  readonly buckets = new Map<string, PacingState>();

  async take(t: string, s: string, settings: PacingState["settings"], now: Date): Promise<PacingVerdict> {
    const stored = this.buckets.get(`${t}|${s}`);
    const state = stored ? withPacingSettings(stored, settings) : createPacingState(settings, now);
    const taken = tryTake(state, now);
    if (!taken.allowed) return { allowed: false, reason: taken.reason, retryAfterSeconds: taken.retryAfterSeconds };
    this.buckets.set(`${t}|${s}`, taken.state);
    return { allowed: true };
  }
}
