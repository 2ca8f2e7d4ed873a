import type { EditMessageBody, FleetCommand, MarkReadBody, SendPresenceBody, WaMessageKey } from "@wharf/contracts";
import type { Clock } from "../clock";
import { InvalidStateError, NotFoundError, UnavailableError, ValidationError } from "../errors";
import type { SessionRecord, SessionStore } from "../sessions/ports";
import { getSession } from "../sessions/sessions";
import { canSendMessages } from "../sessions/status-machine";
import { buildCommand } from "../session-control/commands";
import { sessionStateError } from "../session-control/control";
import type { CommandRouter } from "../session-control/ports";
import { normalizeRecipient } from "./jid";
import { waKeyOf } from "./outbound";
import type { MessageStore } from "./ports";
import type { MessageRecord } from "./records";

/**
 * The verbs beyond sending (DESIGN §11): edit a sent text, delete for everyone, mark read,
 * show presence. Each checks the session is the caller's and open, resolves Wharf ids to
 * WhatsApp keys and routes one command to the owner. The stored message changes when the
 * owner reports the change (message.updated), so what the API shows is what WhatsApp took.
 */
export interface ActionDeps {
  sessions: SessionStore;
  messages: MessageStore;
  commands: CommandRouter;
  clock: Clock;
}

/** How many of a chat's newest messages "mark the chat read" looks through. */
const READ_SCAN = 50;

async function openSession(deps: ActionDeps, tenantId: string, sessionId: string): Promise<SessionRecord> {
  const session = await getSession(deps, tenantId, sessionId);
  if (!canSendMessages(session.status))
    throw sessionStateError(
      "session_not_open",
      session.status,
      "the session is not connected to WhatsApp; connect it and wait for status open",
    );
  return session;
}

async function route(deps: ActionDeps, session: SessionRecord, command: FleetCommand, now: Date): Promise<void> {
  let routed: boolean;
  try {
    routed = await deps.commands.toOwner(session, command, now);
  } catch (err) {
    throw new UnavailableError("the command queue is unavailable; nothing was sent, retry shortly", 5, err);
  }
  if (!routed)
    throw sessionStateError(
      "session_not_open",
      "reconnecting",
      "the session is between workers right now; retry in a few seconds",
    );
}

/** A message this account sent that WhatsApp took and that is not deleted. */
async function ownSentMessage(
  deps: ActionDeps,
  tenantId: string,
  sessionId: string,
  messageId: string,
  verb: "edit" | "delete",
): Promise<MessageRecord> {
  const m = await deps.messages.get(tenantId, sessionId, messageId);
  if (!m) throw new NotFoundError("message", messageId);
  if (m.direction !== "out") throw new InvalidStateError(`only messages this account sent can be ${verb}ed`);
  if (m.deletedAt || m.content.kind === "deleted") throw new InvalidStateError("the message was deleted");
  if (!m.waMessageId) throw new InvalidStateError("the message has not reached WhatsApp yet; wait for status sent");
  return m;
}

export async function editMessage(
  deps: ActionDeps,
  tenantId: string,
  sessionId: string,
  messageId: string,
  body: EditMessageBody,
): Promise<void> {
  const now = deps.clock.now();
  const session = await getSession(deps, tenantId, sessionId);
  const m = await ownSentMessage(deps, tenantId, sessionId, messageId, "edit");
  if (m.content.kind !== "text") throw new InvalidStateError(`only texts can be edited; this is ${m.content.kind}`);
  await openSession(deps, tenantId, sessionId);
  const command = buildCommand(
    "message.edit",
    session,
    { messageId: m.id as never, target: waKeyOf(m), text: body.text },
    now,
  );
  await route(deps, session, command, now);
}

export async function deleteMessage(
  deps: ActionDeps,
  tenantId: string,
  sessionId: string,
  messageId: string,
): Promise<void> {
  const now = deps.clock.now();
  const session = await getSession(deps, tenantId, sessionId);
  const m = await ownSentMessage(deps, tenantId, sessionId, messageId, "delete");
  await openSession(deps, tenantId, sessionId);
  const command = buildCommand("message.delete", session, { messageId: m.id as never, target: waKeyOf(m) }, now);
  await route(deps, session, command, now);
}

/**
 * Read receipts for the listed inbound messages of a chat, or for its newest unread inbound
 * ones; the chat's unread count goes back to 0 either way. Nothing to acknowledge: no command.
 */
export async function markRead(
  deps: ActionDeps,
  tenantId: string,
  sessionId: string,
  body: MarkReadBody,
): Promise<{ acknowledged: number }> {
  const now = deps.clock.now();
  const chatJid = normalizeRecipient(body.chat, "body.chat").jid;
  const session = await getSession(deps, tenantId, sessionId);
  const chat = await deps.messages.getChat(tenantId, sessionId, chatJid);
  if (!chat) throw new NotFoundError("chat", chatJid);
  let keys: WaMessageKey[];
  if (body.messageIds) {
    const found = await Promise.all(body.messageIds.map((id) => deps.messages.get(tenantId, sessionId, id)));
    keys = found.map((m, i) => {
      const path = `body.messageIds.${i}`;
      if (!m || m.chatJid !== chatJid)
        throw new ValidationError(`no message ${body.messageIds?.[i]} in this chat`, [
          { path, message: "not a message of this chat", code: "message_not_in_chat" },
        ]);
      if (m.direction !== "in" || !m.waMessageId)
        throw new ValidationError("only received messages can be marked read", [
          { path, message: "not a received message", code: "not_received" },
        ]);
      return waKeyOf(m);
    });
  } else {
    const newest = await deps.messages.listByChat(tenantId, sessionId, chatJid, { limit: READ_SCAN });
    keys = newest.items
      .filter((m) => m.direction === "in" && m.waMessageId)
      .slice(0, Math.max(1, chat.unreadCount))
      .map(waKeyOf);
  }
  await openSession(deps, tenantId, sessionId);
  if (keys.length > 0) await route(deps, session, buildCommand("chat.mark_read", session, { chatJid, keys }, now), now);
  await deps.messages.markChatRead(tenantId, sessionId, chatJid);
  return { acknowledged: keys.length };
}

export async function sendPresence(
  deps: ActionDeps,
  tenantId: string,
  sessionId: string,
  body: SendPresenceBody,
): Promise<void> {
  const now = deps.clock.now();
  const chatJid = normalizeRecipient(body.chat, "body.chat").jid;
  const session = await openSession(deps, tenantId, sessionId);
  await route(deps, session, buildCommand("chat.presence", session, { chatJid, state: body.state }, now), now);
}
