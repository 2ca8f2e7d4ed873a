import { createHash } from "node:crypto";

/**
 * The item layout of the single table, every entity in one place (the full table is in
 * packages/aws/README.md). Every tenant-owned key starts with `TENANT#<tenantId>`, so a key
 * built for one tenant can never address another tenant's item, whatever the other id parts
 * contain. Everything that dies with a session lives in the session's partition.
 */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** Entity discriminator stored on every item (`entity` attribute), handy when scanning by hand. */
export const ENTITY = {
  tenant: "tenant",
  apiKey: "api_key",
  apiKeyHash: "api_key_hash",
  session: "session",
  command: "command",
  message: "message",
  waMessage: "wa_message",
  chat: "chat",
  contact: "contact",
  group: "group",
  link: "session_link",
  eventMarker: "event_applied",
  outboxEntry: "event_outbox_entry",
  pacing: "pacing",
  idempotency: "idempotency",
  webhook: "webhook",
  delivery: "webhook_delivery",
  wsConnection: "ws_connection",
  wsTokenUse: "ws_token_use",
  reconnects: "fleet_reconnects",
  sessionSummary: "fleet_session_summary",
  eventLogEntry: "event_log_entry",
  auditEntry: "audit_entry",
  worker: "worker",
  media: "media_upload",
  workerSession: "worker_session",
  operation: "session_operation",
} as const;

const TENANT = "TENANT#";

/** gsi2 partitions per kind (WANTS / IDLE): enough to spread writes, few to query. */
export const SESSION_SHARDS = 4;
/** gsi2sk of a session without a lease: sorts before every worker id */
export const LEASE_FREE = "-";

function sessionShard(sessionId: string): number {
  let h = 0;
  for (let i = 0; i < sessionId.length; i++) h = (h * 31 + sessionId.charCodeAt(i)) >>> 0;
  return h % SESSION_SHARDS;
}

export const tenantPk = (tenantId: string): string => `${TENANT}${tenantId}`;
const sessionPk = (tenantId: string, sessionId: string): string => `${tenantPk(tenantId)}#SESSION#${sessionId}`;
const workerPk = (id: string): string => `WORKER#${id}`;

export const keys = {
  /** the tenant item; its partition also holds the tenant's API keys and webhooks */
  tenant: (tenantId: string): ItemKey => ({ pk: tenantPk(tenantId), sk: "TENANT" }),
  /** all tenants, listed through gsi1 in id (= creation) order */
  tenantsIndexPk: "TENANTS",

  apiKey: (tenantId: string, keyId: string): ItemKey => ({ pk: tenantPk(tenantId), sk: `KEY#${keyId}` }),
  apiKeySkPrefix: "KEY#",
  /** uniqueness + lookup item for a key's SHA-256 (written in the same transaction as the key) */
  apiKeyHash: (hash: string): ItemKey => ({ pk: `KEYHASH#${hash}`, sk: "KEYHASH" }),

  /** a session's own partition: the session item plus its auth state, messages, chats, … */
  sessionPk,
  session: (tenantId: string, sessionId: string): ItemKey => ({ pk: sessionPk(tenantId, sessionId), sk: "SESSION" }),
  /** gsi1 partition listing a tenant's sessions by id (ULID = creation time) */
  sessionsIndexPk: (tenantId: string): string => `${tenantPk(tenantId)}#SESSIONS`,
  /**
   * gsi2 holds every session item, sorted by its lease owner (LEASE_FREE while no lease), in
   * WANTS#<shard> partitions while desiredState is connected and IDLE#<shard> otherwise.
   * The reconciler reads only the WANTS partitions, and there only the owner ranges between
   * live workers (free leases and dead owners); the fleet view counts statuses over both,
   * never scanning the table.
   */
  wantsIndexPk: (sessionId: string): string => `WANTS#${sessionShard(sessionId)}`,
  idleIndexPk: (sessionId: string): string => `IDLE#${sessionShard(sessionId)}`,
  wantsIndexPks: (): string[] => Array.from({ length: SESSION_SHARDS }, (_, i) => `WANTS#${i}`),
  idleIndexPks: (): string[] => Array.from({ length: SESSION_SHARDS }, (_, i) => `IDLE#${i}`),
  /** a fleet command that ran (at most once per command id) */
  command: (t: string, s: string, commandId: string): ItemKey => ({ pk: sessionPk(t, s), sk: `CMD#${commandId}` }),

  message: (t: string, s: string, id: string): ItemKey => ({ pk: sessionPk(t, s), sk: `MSG#${id}` }),
  /** gsi1 partition of one chat's messages, sorted by `<timestamp>#<messageId>` */
  chatMessagesIndexPk: (t: string, s: string, jid: string): string => `${sessionPk(t, s)}#CHAT#${jid}`,
  /** uniqueness of an inbound WhatsApp message id within its chat */
  waMessage: (t: string, s: string, chatJid: string, waMessageId: string): ItemKey => ({
    pk: sessionPk(t, s),
    sk: `WAMSG#${chatJid}#${waMessageId}`,
  }),

  chat: (t: string, s: string, jid: string): ItemKey => ({ pk: sessionPk(t, s), sk: `CHAT#${jid}` }),
  /** gsi1 partition of a session's chats, sorted by `<lastMessageAt>#<jid>` */
  chatsIndexPk: (t: string, s: string): string => `${sessionPk(t, s)}#CHATS`,

  contact: (t: string, s: string, jid: string): ItemKey => ({ pk: sessionPk(t, s), sk: `CONTACT#${jid}` }),
  contactSkPrefix: "CONTACT#",

  /** a group's metadata as the session's owner last read it */
  group: (t: string, s: string, jid: string): ItemKey => ({ pk: sessionPk(t, s), sk: `GROUP#${jid}` }),
  groupSkPrefix: "GROUP#",

  link: (t: string, s: string): ItemKey => ({ pk: sessionPk(t, s), sk: "LINK" }),
  /** a session operation waiting for (or holding) the owner's answer; TTL 1 h */
  operation: (t: string, s: string, id: string): ItemKey => ({ pk: sessionPk(t, s), sk: `OP#${id}` }),
  eventMarker: (t: string, s: string, eventId: string): ItemKey => ({ pk: sessionPk(t, s), sk: `EVT#${eventId}` }),
  pacing: (t: string, s: string): ItemKey => ({ pk: sessionPk(t, s), sk: "PACING" }),
  /** an event the fleet could not publish yet, in the session's outbox, ordered by seq */
  outboxEntry: (t: string, s: string, seq: string): ItemKey => ({ pk: sessionPk(t, s), sk: `OUTBOX#${seq}` }),
  outboxSkPrefix: "OUTBOX#",
  /** gsi1 partition of every outbox entry (sparse and small: entries exist only while SQS was down) */
  outboxIndexPk: "OUTBOXES",

  /** the key is hashed: any printable characters, bounded length, never stored in clear */
  idempotency: (t: string, key: string): ItemKey => ({
    pk: `${tenantPk(t)}#IDEM#${createHash("sha256").update(key).digest("hex")}`,
    sk: "IDEM",
  }),

  /** an announced media upload (the bytes are in the media bucket); TTL */
  media: (t: string, id: string): ItemKey => ({ pk: `${tenantPk(t)}#MEDIA#${id}`, sk: "MEDIA" }),
  webhook: (t: string, id: string): ItemKey => ({ pk: tenantPk(t), sk: `WEBHOOK#${id}` }),
  webhookSkPrefix: "WEBHOOK#",
  delivery: (t: string, id: string): ItemKey => ({ pk: `${tenantPk(t)}#DELIVERY#${id}`, sk: "DELIVERY" }),
  deliveriesIndexPk: (t: string, webhookId: string): string => `${tenantPk(t)}#WEBHOOK#${webhookId}#DELIVERIES`,

  wsConnection: (connectionId: string): ItemKey => ({ pk: `WSCONN#${connectionId}`, sk: "WSCONN" }),
  wsConnectionsIndexPk: (t: string): string => `${tenantPk(t)}#WSCONNS`,
  /** a realtime token that opened its one connection (until the token expires) */
  wsTokenUse: (t: string, tokenId: string): ItemKey => ({ pk: `${tenantPk(t)}#WSTOKEN#${tokenId}`, sk: "WSTOKEN" }),

  /** the tenant's event log, newest last by `<at>#<id>`; gsi1 holds one session's entries */
  eventLogEntry: (t: string, at: string, id: string): ItemKey => ({ pk: `${tenantPk(t)}#EVENTLOG`, sk: `${at}#${id}` }),
  eventLogPk: (t: string): string => `${tenantPk(t)}#EVENTLOG`,
  eventLogSessionIndexPk: (t: string, s: string): string => `${tenantPk(t)}#EVENTLOG#${s}`,

  /** the tenant's audit log, sorted by `<at>#<id>` (read newest first); TTL from the retention */
  auditEntry: (t: string, at: string, id: string): ItemKey => ({ pk: `${tenantPk(t)}#AUDIT`, sk: `${at}#${id}` }),
  auditPk: (t: string): string => `${tenantPk(t)}#AUDIT`,

  /** one counter item per minute: sessions that went `reconnecting` */
  reconnects: (minute: string): ItemKey => ({ pk: "FLEETSTATS#RECONNECTS", sk: minute }),
  reconnectsPk: "FLEETSTATS#RECONNECTS",

  /**
   * The fleet's worker registry: one item per worker (gsi1 WORKERS lists them, with the
   * fleet's inbox prefix in `fleet`) and one "owns" item per session it holds, in the
   * worker's partition, so a dead worker's sessions are found with one Query.
   */
  worker: (id: string): ItemKey => ({ pk: workerPk(id), sk: "WORKER" }),
  workerSk: "WORKER",
  workersIndexPk: "WORKERS",
  workerPk,
  ownership: (workerId: string, o: { tenantId: string; sessionId: string }): ItemKey => ({
    pk: workerPk(workerId),
    sk: `OWNS#${o.tenantId}#${o.sessionId}`,
  }),
  ownershipSkPrefix: "OWNS#",
} as const;

export const epochSeconds = (d: Date | number): number => Math.floor((typeof d === "number" ? d : d.getTime()) / 1000);
export const DAY_SECONDS = 86_400;
