import type { Clock } from "../clock";
import { NotFoundError } from "../errors";
import { normalizeRecipient } from "./jid";
import type { PageRequest, PageResult } from "../paging";
import type { SessionStore } from "../sessions/ports";
import { getSession } from "../sessions/sessions";
import type { ContactStore, MessageStore } from "./ports";
import type { ChatRecord, ContactRecord, MessageRecord } from "./records";

/** Reads of the messaging API; every one checks the session belongs to the tenant first. */
export interface MessageReadDeps {
  sessions: SessionStore;
  messages: MessageStore;
  contacts: ContactStore;
  clock: Clock;
}

export async function getMessage(
  deps: MessageReadDeps,
  tenantId: string,
  sessionId: string,
  id: string,
): Promise<MessageRecord> {
  await getSession(deps, tenantId, sessionId);
  const m = await deps.messages.get(tenantId, sessionId, id);
  if (!m) throw new NotFoundError("message", id);
  return m;
}

export async function listChats(
  deps: MessageReadDeps,
  tenantId: string,
  sessionId: string,
  page: PageRequest,
): Promise<PageResult<ChatRecord>> {
  await getSession(deps, tenantId, sessionId);
  return deps.messages.listChats(tenantId, sessionId, page);
}

/** A chat path parameter as a JID: phone numbers and JIDs normalize alike (400 when neither). */
export function chatJidOf(raw: string): string {
  return normalizeRecipient(raw, "params.jid").jid;
}

export async function listChatMessages(
  deps: MessageReadDeps,
  tenantId: string,
  sessionId: string,
  rawJid: string,
  page: PageRequest,
): Promise<PageResult<MessageRecord>> {
  const jid = chatJidOf(rawJid);
  await getSession(deps, tenantId, sessionId);
  return deps.messages.listByChat(tenantId, sessionId, jid, page);
}

export async function markChatRead(
  deps: MessageReadDeps,
  tenantId: string,
  sessionId: string,
  rawJid: string,
): Promise<ChatRecord> {
  const jid = chatJidOf(rawJid);
  await getSession(deps, tenantId, sessionId);
  const chat = await deps.messages.markChatRead(tenantId, sessionId, jid);
  if (!chat) throw new NotFoundError("chat", jid);
  return chat;
}

export async function listContacts(
  deps: MessageReadDeps,
  tenantId: string,
  sessionId: string,
  page: PageRequest,
): Promise<PageResult<ContactRecord>> {
  await getSession(deps, tenantId, sessionId);
  return deps.contacts.list(tenantId, sessionId, page);
}
