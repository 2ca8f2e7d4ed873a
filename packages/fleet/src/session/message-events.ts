import type { BaileysEventMap, WASocket } from "@whiskeysockets/baileys";
import { MAX_CONTACTS_PER_EVENT, type FleetEvent } from "@wharf/contracts";
import { contactInfo, outboundStatus, receivedMessageData } from "./translate";
import type { ReceiptGate } from "./receipt-gate";
import { messageIdFromWa } from "./wa-message-id";

export interface MessageEventContext {
  /** settles once the event is published or kept in the session's durable outbox */
  emit(build: (now: Date) => FleetEventInput): Promise<void>;
  onMessage(now: Date): void;
  now(): Date;
}

/**
 * An event minus the envelope; the runner adds id, session, epoch and time. `requestId`: the
 * API request whose command caused it, when there is one.
 */
export type FleetEventInput = {
  [T in FleetEvent["type"]]: {
    type: T;
    data: Extract<FleetEvent, { type: T }>["data"];
    requestId?: string | undefined;
  };
}[FleetEvent["type"]];

type Off = () => void;

function on<E extends keyof BaileysEventMap>(sock: WASocket, event: E, fn: (arg: BaileysEventMap[E]) => void): Off {
  sock.ev.on(event, fn);
  return () => sock.ev.off(event, fn);
}

/**
 * Baileys message and contact events → Wharf events. Each upserted message's delivery receipt
 * waits on `receipts` until its message.received event is durable (at once for a message Wharf
 * does not store). Returns the functions that remove every listener it added, so an old socket
 * never reaches a new owner's event stream.
 */
export function attachMessageListeners(sock: WASocket, ctx: MessageEventContext, receipts: ReceiptGate): Off[] {
  return [
    on(sock, "messages.upsert", ({ messages, type }) => {
      // a receipt that lands while Baileys still buffers our own upsert is merged into it
      for (const msg of messages) if (msg.key.fromMe) reportStatus(ctx, msg.key.id, msg.status);
      for (const msg of messages) {
        const waMessageId = msg.key.id;
        // "append" carries what the server kept while no device of this session was online (and
        // the phone's placeholder resends): received messages all the same, so they are stored too
        const data = type === "notify" || type === "append" ? receivedMessageData(msg, ctx.now()) : null;
        if (!data) {
          if (waMessageId) receipts.settle(waMessageId);
          continue;
        }
        ctx.onMessage(ctx.now());
        const durable = ctx.emit(() => ({ type: "message.received", data }));
        if (waMessageId) receipts.settle(waMessageId, durable);
      }
    }),
    on(sock, "messages.update", (updates) => {
      for (const { key, update } of updates) if (key.fromMe) reportStatus(ctx, key.id, update.status);
    }),
    on(sock, "contacts.upsert", (contacts) => emitContacts(ctx, contacts)),
    on(sock, "messaging-history.set", ({ contacts }) => emitContacts(ctx, contacts)),
  ];
}

/** message.status for a message Wharf sent (ids Wharf did not make are not reported). */
function reportStatus(
  ctx: MessageEventContext,
  waMessageId: string | null | undefined,
  raw: number | null | undefined,
): void {
  const messageId = messageIdFromWa(waMessageId);
  const status = outboundStatus(raw);
  if (!messageId || !status || !waMessageId) return;
  void ctx.emit(() =>
    status === "failed"
      ? {
          type: "message.status",
          data: {
            messageId,
            waMessageId,
            status,
            failure: { code: "send_failed", message: "WhatsApp reported an error for this message" },
          },
        }
      : { type: "message.status", data: { messageId, waMessageId, status } },
  );
}

function emitContacts(ctx: MessageEventContext, contacts: BaileysEventMap["contacts.upsert"]): void {
  const infos = contacts.filter((c) => typeof c.id === "string" && c.id.length > 0).map(contactInfo);
  for (let i = 0; i < infos.length; i += MAX_CONTACTS_PER_EVENT) {
    const chunk = infos.slice(i, i + MAX_CONTACTS_PER_EVENT);
    void ctx.emit(() => ({ type: "contacts.upsert", data: { contacts: chunk } }));
  }
}
