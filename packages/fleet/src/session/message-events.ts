import type { BaileysEventMap, WAMessage, WASocket } from "@whiskeysockets/baileys";
import { CHAT_PRESENCE_STATES, MAX_CONTACTS_PER_EVENT, type FleetEvent, type MessageContent } from "@wharf/contracts";
import type { ActionAcks } from "./action-acks";
import type { IsMe } from "./inbound-content";
import type { ReceiptGate } from "./receipt-gate";
import type { StatusReceiptGate } from "./status-receipt-gate";
import { watchRetryReceipts } from "./retry-receipts";
import { SOCKET_BASELINE } from "./socket-factory";
import { contactInfo, messageChange, outboundStatus, receivedMessageData } from "./translate";
import { UndecryptableMessages } from "./undecryptable";
import { messageIdFromWa } from "./wa-message-id";

export interface MessageEventContext {
  /** settles once the event is published or kept in the session's durable outbox */
  emit(build: (now: Date) => FleetEventInput): Promise<void>;
  onMessage(now: Date): void;
  now(): Date;
  /** this account's JIDs (quotes of its own messages name no sender) */
  isMe?: IsMe;
  /** the acks the sender waits on: its own edits, deletes and reactions are reported once taken */
  acks?: ActionAcks;
  /** stores an inbound message's file; the content comes back saying where it lives (or why not) */
  storeMedia?: (msg: WAMessage, content: MessageContent, sock: WASocket) => Promise<MessageContent>;
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
export function attachMessageListeners(
  sock: WASocket,
  ctx: MessageEventContext,
  receipts: ReceiptGate,
  statusReceipts: StatusReceiptGate,
): Off[] {
  /** a status Wharf reports: the contact's receipt is acked once the event is durable */
  const status = (waMessageId: string | null | undefined, raw: number | null | undefined) => {
    const durable = reportStatus(ctx, waMessageId, raw);
    if (durable && waMessageId && typeof raw === "number") statusReceipts.settle(waMessageId, raw, durable);
  };
  // events keep WhatsApp's order: while a file downloads, later events of the session wait for it
  let pending = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const undecryptable = new UndecryptableMessages(SOCKET_BASELINE.maxMsgRetryCount);
  /** runs `step` after what waits; resolves once the event it emitted is durable */
  const queued = (step: () => Promise<{ durable: Promise<void> }>): Promise<void> => {
    pending++;
    const emitted = chain.then(step);
    chain = emitted.catch(() => undefined).finally(() => void pending--);
    return emitted.then(({ durable }) => durable);
  };
  const inOrder = (emit: () => Promise<void>): Promise<void> =>
    pending === 0 ? emit() : queued(async () => ({ durable: emit() }));
  return [
    ...(ctx.acks ? [ctx.acks.watch(sock)] : []),
    on(sock, "messages.upsert", ({ messages, type }) => {
      // a receipt that lands while Baileys still buffers our own upsert is merged into it
      for (const msg of messages) if (msg.key.fromMe) status(msg.key.id, msg.status);
      for (const msg of messages) {
        const waMessageId = msg.key.id;
        // reactions, edits and deletes, from a contact or from this account (its own sends too)
        const change = messageChange(msg, ctx.now());
        // Baileys echoes what this session sends at once; the sender reports it if the server takes it
        if (change && msg.key.fromMe && waMessageId && ctx.acks?.owns(waMessageId)) {
          receipts.settle(waMessageId);
          continue;
        }
        if (change) {
          const durable = inOrder(() => ctx.emit(() => ({ type: "message.updated", data: change })));
          if (waMessageId) receipts.settle(waMessageId, durable);
          continue;
        }
        // "append" carries what the server kept while no device of this session was online (and
        // the phone's placeholder resends): received messages all the same, so they are stored too
        const data =
          type === "notify" || type === "append"
            ? (receivedMessageData(msg, ctx.now(), ctx.isMe) ?? undecryptable.lastFailure(msg, ctx.now(), ctx.isMe))
            : null;
        if (!data) {
          if (waMessageId) receipts.settle(waMessageId);
          continue;
        }
        ctx.onMessage(ctx.now());
        const store = ctx.storeMedia;
        const durable =
          !store || !isMediaKind(data.content)
            ? inOrder(() => ctx.emit(() => ({ type: "message.received", data })))
            : // the file is stored before the message is reported, so the event names where it lives
              queued(async () => {
                const content = await store(msg, data.content, sock);
                return { durable: ctx.emit(() => ({ type: "message.received", data: { ...data, content } })) };
              });
        if (waMessageId) receipts.settle(waMessageId, durable);
      }
    }),
    on(sock, "presence.update", ({ id, presences }) => {
      for (const [participantJid, p] of Object.entries(presences)) {
        const state = p.lastKnownPresence;
        if (!(CHAT_PRESENCE_STATES as readonly string[]).includes(state)) continue;
        void inOrder(() =>
          ctx.emit((now) => ({
            type: "chat.presence",
            data: { chatJid: id, participantJid, state, at: now.toISOString() },
          })),
        );
      }
    }),
    on(sock, "messages.update", (updates) => {
      for (const { key, update } of updates) if (key.fromMe) status(key.id, update.status);
    }),
    // a message its recipient could never decrypt ends failed instead of staying sent
    watchRetryReceipts(sock, (e) => void ctx.emit(() => e)),
    on(sock, "contacts.upsert", (contacts) => emitContacts(ctx, contacts)),
    on(sock, "messaging-history.set", ({ contacts }) => emitContacts(ctx, contacts)),
  ];
}

const MEDIA_KINDS = new Set(["image", "video", "audio", "document", "sticker"]);
const isMediaKind = (c: MessageContent) => MEDIA_KINDS.has(c.kind);

/** Whether a status of this message becomes a message.status event (Wharf's own sends only). */
export function statusReported(waMessageId: string, raw: number): boolean {
  return messageIdFromWa(waMessageId) !== null && outboundStatus(raw) !== null;
}

/**
 * message.status for a message Wharf sent (ids Wharf did not make are not reported); resolves
 * once the event is durable, null when nothing is reported.
 */
function reportStatus(
  ctx: MessageEventContext,
  waMessageId: string | null | undefined,
  raw: number | null | undefined,
): Promise<void> | null {
  const messageId = messageIdFromWa(waMessageId);
  const status = outboundStatus(raw);
  if (!messageId || !status || !waMessageId) return null;
  return ctx.emit(() =>
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
