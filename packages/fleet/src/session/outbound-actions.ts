import { randomBytes } from "node:crypto";
import type { WASocket } from "@whiskeysockets/baileys";
import type {
  DeleteMessageCommand,
  EditMessageCommand,
  MarkReadCommand,
  MessageActionFailure,
  MessageActionFailureCode,
  MessageChange,
  SendPresenceCommand,
  WaMessageKey,
} from "@wharf/contracts";
import { baileysKey } from "../media/outbound-content";
import { type ActionAck, type ActionAcks, actionReason, refusalCode } from "./action-acks";
import type { FleetEventInput } from "./message-events";

/** How long an edit, delete or reaction waits for the server's ack by default (WHARF_ACTION_ACK_TIMEOUT_MS). */
export const ACTION_ACK_TIMEOUT_MS = 20_000;

export type ActionCommand = EditMessageCommand | DeleteMessageCommand | MarkReadCommand | SendPresenceCommand;
type Target = Pick<MessageActionFailure, "action" | "messageId" | "chatJid" | "waMessageId">;

/** What an action command acts on, for its failure event. */
export function actionTarget(cmd: ActionCommand): Target {
  switch (cmd.type) {
    case "message.edit":
    case "message.delete": {
      const { messageId, target } = cmd.data;
      const action = cmd.type === "message.edit" ? "edit" : "delete";
      return { action, messageId, chatJid: target.chatJid, waMessageId: target.waMessageId };
    }
    case "chat.mark_read":
      return { action: "read", messageId: null, chatJid: cmd.data.chatJid, waMessageId: cmd.data.keys[0]!.waMessageId };
    case "chat.presence":
      return { action: "presence", messageId: null, chatJid: cmd.data.chatJid, waMessageId: null };
  }
}

/** The failure event of an action: its target, a code from the closed list and a readable reason. */
export function actionFailed(
  target: Target,
  code: MessageActionFailureCode,
  requestId: string | undefined,
  detail?: string,
): Extract<FleetEventInput, { type: "message.action_failed" }> {
  const what = target.action === "read" ? "the read receipt" : `the ${target.action}`;
  return {
    type: "message.action_failed",
    data: { ...target, code, reason: actionReason(code, what, detail) },
    requestId,
  };
}

/** A reaction's target, for its failure event (the reaction itself is a message: see OutboundSender.send). */
export function reactionTarget(target: Pick<WaMessageKey, "chatJid" | "waMessageId">): Target {
  return { action: "reaction", messageId: null, chatJid: target.chatJid, waMessageId: target.waMessageId };
}

/** The verdict of an ack that was not a success, as a failure code and its detail. */
export function ackFailure(
  ack: Exclude<ActionAck, { ok: true }>,
  verb: "edit" | "delete" | "reaction",
  stillOpen: boolean,
): { code: MessageActionFailureCode; detail?: string } {
  if (!("error" in ack)) return stillOpen ? { code: "timeout" } : { code: "session_not_open" };
  return { code: refusalCode(ack.error, verb), detail: `WhatsApp error ${ack.error}` };
}

/** Stanza ids for edits and deletes: WhatsApp-like, and never mistaken for a Wharf message's id. */
const stanzaId = (): string => `3EB0${randomBytes(10).toString("hex").toUpperCase()}`;

export interface ActionContext {
  socket(): WASocket | null;
  isOpen(): boolean;
  /** waits (bounded) while the session logs in */
  untilOpen(): Promise<void>;
  now(): Date;
  emit(event: FleetEventInput): void;
  acks?: ActionAcks | undefined;
  ackTimeoutMs?: number | undefined;
}

/**
 * An edit or a delete for everyone: sent, then judged by the server's ack. What the server took
 * is reported as message.updated; whatever it refused, or never confirmed, as message.action_failed.
 */
export async function sendChange(ctx: ActionContext, cmd: EditMessageCommand | DeleteMessageCommand): Promise<void> {
  const target = actionTarget(cmd);
  const verb = cmd.type === "message.edit" ? "edit" : "delete";
  const fail = (code: MessageActionFailureCode, detail?: string) =>
    ctx.emit(actionFailed(target, code, cmd.requestId, detail));
  await ctx.untilOpen();
  const sock = ctx.socket();
  if (!sock || !ctx.isOpen()) return fail("session_not_open");
  const key = cmd.data.target;
  const content =
    cmd.type === "message.edit" ? { text: cmd.data.text, edit: baileysKey(key) } : { delete: baileysKey(key) };
  const id = stanzaId();
  const wait = ctx.acks?.expect(id, ctx.ackTimeoutMs ?? ACTION_ACK_TIMEOUT_MS);
  try {
    await sock.sendMessage(key.chatJid, content, { messageId: id });
  } catch (err) {
    wait?.cancel();
    return fail(ctx.isOpen() ? "send_failed" : "session_not_open", (err as Error).message);
  }
  if (!wait) return;
  const ack = await wait.settled;
  if (!ack.ok) {
    const { code, detail } = ackFailure(ack, verb, ctx.isOpen());
    return fail(code, detail);
  }
  const at = ctx.now().toISOString();
  const { chatJid, waMessageId, fromMe } = key;
  ctx.emit({
    type: "message.updated",
    data:
      cmd.type === "message.edit"
        ? { change: "edited", chatJid, waMessageId, fromMe, text: cmd.data.text, at }
        : { change: "deleted", chatJid, waMessageId, fromMe, at },
    requestId: cmd.requestId,
  });
}

/** Read receipts and presence: nothing confirms them, so what fails is the session or the send. */
export async function sendSignal(ctx: ActionContext, cmd: MarkReadCommand | SendPresenceCommand): Promise<void> {
  const target = actionTarget(cmd);
  const sock = ctx.socket();
  if (!sock || !ctx.isOpen()) return ctx.emit(actionFailed(target, "session_not_open", cmd.requestId));
  try {
    if (cmd.type === "chat.mark_read") await sock.readMessages(cmd.data.keys.map(baileysKey));
    else await sock.sendPresenceUpdate(cmd.data.state, cmd.data.chatJid);
  } catch (err) {
    const code = ctx.isOpen() ? "send_failed" : "session_not_open";
    ctx.emit(actionFailed(target, code, cmd.requestId, (err as Error).message));
  }
}

/** This account's reaction as a change of its target (Baileys' echo of it is not reported). */
export function ownReaction(target: WaMessageKey, emoji: string) {
  return (at: Date): MessageChange & { change: "reaction" } => ({
    change: "reaction",
    chatJid: target.chatJid,
    waMessageId: target.waMessageId,
    fromMe: target.fromMe,
    senderJid: null,
    emoji,
    at: at.toISOString(),
  });
}

/** A reaction's send failure (message.status) → its action failure code. */
export function reactionFailureCode(code: string): MessageActionFailureCode {
  if (code === "session_not_open") return "session_not_open";
  if (code === "send_timeout") return "timeout";
  return "send_failed";
}
