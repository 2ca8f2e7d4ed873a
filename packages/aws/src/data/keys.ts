import { createHash } from "node:crypto";
import { keys, tenantPk, type ItemKey } from "../dynamo/keys";

/**
 * Item keys of the data path (issue 5); the whole layout is in packages/aws/README.md.
 * Everything that dies with a session lives in the session's partition.
 */
export const DATA_ENTITY = {
  message: "message",
  waMessage: "wa_message",
  chat: "chat",
  contact: "contact",
  link: "session_link",
  eventMarker: "event_applied",
  pacing: "pacing",
  idempotency: "idempotency",
  webhook: "webhook",
  delivery: "webhook_delivery",
  wsConnection: "ws_connection",
  reconnects: "fleet_reconnects",
  eventLogEntry: "event_log_entry",
} as const;

const session = keys.sessionPk;

export const dataKeys = {
  message: (t: string, s: string, id: string): ItemKey => ({ pk: session(t, s), sk: `MSG#${id}` }),
  /** gsi1 partition of one chat's messages, sorted by `<timestamp>#<messageId>` */
  chatMessagesIndexPk: (t: string, s: string, jid: string): string => `${session(t, s)}#CHAT#${jid}`,
  /** uniqueness of an inbound WhatsApp message id within its chat */
  waMessage: (t: string, s: string, chatJid: string, waMessageId: string): ItemKey => ({ pk: session(t, s), sk: `WAMSG#${chatJid}#${waMessageId}` }),

  chat: (t: string, s: string, jid: string): ItemKey => ({ pk: session(t, s), sk: `CHAT#${jid}` }),
  /** gsi1 partition of a session's chats, sorted by `<lastMessageAt>#<jid>` */
  chatsIndexPk: (t: string, s: string): string => `${session(t, s)}#CHATS`,

  contact: (t: string, s: string, jid: string): ItemKey => ({ pk: session(t, s), sk: `CONTACT#${jid}` }),
  contactSkPrefix: "CONTACT#",

  link: (t: string, s: string): ItemKey => ({ pk: session(t, s), sk: "LINK" }),
  eventMarker: (t: string, s: string, eventId: string): ItemKey => ({ pk: session(t, s), sk: `EVT#${eventId}` }),
  pacing: (t: string, s: string): ItemKey => ({ pk: session(t, s), sk: "PACING" }),

  /** the key is hashed: any printable characters, bounded length, never stored in clear */
  idempotency: (t: string, key: string): ItemKey => ({
    pk: `${tenantPk(t)}#IDEM#${createHash("sha256").update(key).digest("hex")}`,
    sk: "IDEM",
  }),

  webhook: (t: string, id: string): ItemKey => ({ pk: tenantPk(t), sk: `WEBHOOK#${id}` }),
  webhookSkPrefix: "WEBHOOK#",
  delivery: (t: string, id: string): ItemKey => ({ pk: `${tenantPk(t)}#DELIVERY#${id}`, sk: "DELIVERY" }),
  deliveriesIndexPk: (t: string, webhookId: string): string => `${tenantPk(t)}#WEBHOOK#${webhookId}#DELIVERIES`,

  wsConnection: (connectionId: string): ItemKey => ({ pk: `WSCONN#${connectionId}`, sk: "WSCONN" }),
  wsConnectionsIndexPk: (t: string): string => `${tenantPk(t)}#WSCONNS`,

  /** the tenant's event log, newest last by `<at>#<id>`; gsi1 holds one session's entries */
  eventLogEntry: (t: string, at: string, id: string): ItemKey => ({ pk: `${tenantPk(t)}#EVENTLOG`, sk: `${at}#${id}` }),
  eventLogPk: (t: string): string => `${tenantPk(t)}#EVENTLOG`,
  eventLogSessionIndexPk: (t: string, s: string): string => `${tenantPk(t)}#EVENTLOG#${s}`,

  /** one counter item per minute: sessions that went `reconnecting` */
  reconnects: (minute: string): ItemKey => ({ pk: "FLEETSTATS#RECONNECTS", sk: minute }),
  reconnectsPk: "FLEETSTATS#RECONNECTS",

  /** fleet worker registry (written by packages/fleet, read here) */
  workersIndexPk: "WORKERS",
  worker: (id: string): ItemKey => ({ pk: `WORKER#${id}`, sk: "WORKER" }),
} as const;

export const epochSeconds = (d: Date | number): number => Math.floor((typeof d === "number" ? d : d.getTime()) / 1000);
export const DAY_SECONDS = 86_400;
