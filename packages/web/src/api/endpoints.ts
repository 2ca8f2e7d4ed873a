import type {
  AccountProfile,
  ActionAccepted,
  ApiKey,
  ApiKeyScope,
  AuditEntry,
  Blocklist,
  BlockStatus,
  Chat,
  ContactProfile,
  ContactsCheckResult,
  CreateGroupBody,
  ConnectBody,
  CreatedApiKey,
  CreatedWebhook,
  CreateMediaUploadBody,
  CreateWebhookBody,
  DemoContactMessageSent,
  DemoPhone,
  DemoReceiptsResult,
  DemoState,
  EditMessageBody,
  EventLogEntry,
  EventLogType,
  GroupInfo,
  GroupInvite,
  GroupLeft,
  GroupParticipantsBody,
  GroupParticipantsResult,
  HealthBody,
  JoinGroupBody,
  LinkCredentials,
  MarkReadBody,
  MediaUpload,
  Operation,
  OperationPending,
  Message,
  Page,
  RealtimeToken,
  SendAccepted,
  SendMessageBody,
  SendPresenceBody,
  RotatedWebhookSecret,
  Session,
  UpdateGroupBody,
  UpdateSessionBody,
  UpdateWebhookBody,
  Webhook,
  WebhookDelivery,
} from "@wharf/contracts";
import type { HttpClient } from "./http";

export interface PageParams {
  limit?: number;
  cursor?: string | null;
}

/** Filters of the audit log; empty or null means "any". */
export interface AuditFilter {
  actor?: string | null;
  action?: string | null;
  /** ISO-8601 times */
  from?: string | null;
  to?: string | null;
}

const enc = encodeURIComponent;

// The contracts export GroupLeft's schema without a type of its own.
type LeftGroup = ReturnType<(typeof GroupLeft)["parse"]>;
const groupPath = (sessionId: string, jid: string) => `/v1/sessions/${enc(sessionId)}/groups/${enc(jid)}`;
const contactPath = (sessionId: string, phoneOrJid: string) =>
  `/v1/sessions/${enc(sessionId)}/contacts/${enc(phoneOrJid)}`;

/** A session operation's 202 answer: still running at the owner. */
export function isPending(answer: object): answer is OperationPending {
  return "operationId" in answer && (answer as OperationPending).status === "pending";
}

/**
 * Paths of the message verbs beyond sending (contracts' message-sends.ts names the bodies).
 * Kept together so they are easy to adjust if the server settles on other paths.
 */
export const MESSAGE_VERB_PATHS = {
  edit: (sessionId: string, messageId: string) => `/v1/sessions/${enc(sessionId)}/messages/${enc(messageId)}/edit`,
  /** delete for everyone */
  remove: (sessionId: string, messageId: string) => `/v1/sessions/${enc(sessionId)}/messages/${enc(messageId)}`,
  /** read receipts for a chat or some of its messages */
  readReceipts: (sessionId: string) => `/v1/sessions/${enc(sessionId)}/read`,
  presence: (sessionId: string) => `/v1/sessions/${enc(sessionId)}/presence`,
  mediaUpload: () => "/v1/media",
};

/**
 * Every endpoint the dashboard calls, in one place (control's README lists them). An endpoint
 * a server does not offer answers 404 route_not_found and the UI degrades (see isUnavailable):
 * `/v1/demo` exists only in sim mode.
 */
export function createApi(http: HttpClient) {
  const page = (p: PageParams = {}) => ({ limit: p.limit, cursor: p.cursor ?? undefined });

  return {
    health: () => http.request<HealthBody>("GET", "/v1/health"),

    /** Probes a candidate key before it is stored (any tenant route would do). */
    verifyKey: (apiKey: string) => http.request<Page<Session>>("GET", "/v1/sessions", { apiKey, query: { limit: 1 } }),

    sessions: {
      list: (p?: PageParams) => http.request<Page<Session>>("GET", "/v1/sessions", { query: page(p) }),
      get: (id: string) => http.request<Session>("GET", `/v1/sessions/${enc(id)}`),
      create: (body: { name: string }) => http.request<Session>("POST", "/v1/sessions", { body }),
      rename: (id: string, name: string) =>
        http.request<Session>("PATCH", `/v1/sessions/${enc(id)}`, { body: { name } }),
      update: (id: string, body: UpdateSessionBody) =>
        http.request<Session>("PATCH", `/v1/sessions/${enc(id)}`, { body }),
      remove: (id: string) => http.request<void>("DELETE", `/v1/sessions/${enc(id)}`),
      connect: (id: string, body: ConnectBody) =>
        http.request<Session>("POST", `/v1/sessions/${enc(id)}/connect`, { body }),
      disconnect: (id: string) => http.request<Session>("POST", `/v1/sessions/${enc(id)}/disconnect`, { body: {} }),
      logout: (id: string) => http.request<Session>("POST", `/v1/sessions/${enc(id)}/logout`, { body: {} }),
      linkCredentials: (id: string) => http.request<LinkCredentials>("GET", `/v1/sessions/${enc(id)}/qr`),
      /** The linked account (a session operation: 202 `OperationPending` when WhatsApp is slow). */
      profile: (id: string) =>
        http.request<AccountProfile | OperationPending>("GET", `/v1/sessions/${enc(id)}/profile`),
    },

    messages: {
      send: (sessionId: string, body: SendMessageBody, idempotencyKey: string) =>
        http.request<SendAccepted>("POST", `/v1/sessions/${enc(sessionId)}/messages`, {
          body,
          headers: { "Idempotency-Key": idempotencyKey },
        }),
      get: (sessionId: string, messageId: string) =>
        http.request<Message>("GET", `/v1/sessions/${enc(sessionId)}/messages/${enc(messageId)}`),
      chats: (sessionId: string, p?: PageParams) =>
        http.request<Page<Chat>>("GET", `/v1/sessions/${enc(sessionId)}/chats`, { query: page(p) }),
      /** Newest first; the thread reverses each page for display. */
      thread: (sessionId: string, jid: string, p?: PageParams) =>
        http.request<Page<Message>>("GET", `/v1/sessions/${enc(sessionId)}/chats/${enc(jid)}/messages`, {
          query: page(p),
        }),
      markRead: (sessionId: string, jid: string) =>
        http.request<Chat>("POST", `/v1/sessions/${enc(sessionId)}/chats/${enc(jid)}/read`, { body: {} }),
      edit: (sessionId: string, messageId: string, body: EditMessageBody) =>
        http.request<ActionAccepted>("POST", MESSAGE_VERB_PATHS.edit(sessionId, messageId), { body }),
      deleteForEveryone: (sessionId: string, messageId: string) =>
        http.request<ActionAccepted>("DELETE", MESSAGE_VERB_PATHS.remove(sessionId, messageId)),
      sendReadReceipts: (sessionId: string, body: MarkReadBody) =>
        http.request<ActionAccepted>("POST", MESSAGE_VERB_PATHS.readReceipts(sessionId), { body }),
      sendPresence: (sessionId: string, body: SendPresenceBody) =>
        http.request<ActionAccepted>("POST", MESSAGE_VERB_PATHS.presence(sessionId), { body }),
    },

    /**
     * Groups are session operations: the owner asks WhatsApp, and past the server's wait the answer
     * is 202 `{operationId, status: "pending"}` instead of the result (see `isPending`).
     */
    groups: {
      get: (sessionId: string, jid: string, stored = false) =>
        http.request<GroupInfo | OperationPending>("GET", groupPath(sessionId, jid), {
          query: { stored: stored ? "true" : undefined },
        }),
      invite: (sessionId: string, jid: string) =>
        http.request<GroupInvite | OperationPending>("GET", `${groupPath(sessionId, jid)}/invite`),
      leave: (sessionId: string, jid: string) =>
        http.request<LeftGroup | OperationPending>("POST", `${groupPath(sessionId, jid)}/leave`, { body: {} }),
      create: (sessionId: string, body: CreateGroupBody) =>
        http.request<GroupInfo | OperationPending>("POST", `/v1/sessions/${enc(sessionId)}/groups`, { body }),
      update: (sessionId: string, jid: string, body: UpdateGroupBody) =>
        http.request<GroupInfo | OperationPending>("PATCH", groupPath(sessionId, jid), { body }),
      /** `code`: the invite code or the whole chat.whatsapp.com link (the server takes either). */
      join: (sessionId: string, body: JoinGroupBody) =>
        http.request<GroupInfo | OperationPending>("POST", `/v1/sessions/${enc(sessionId)}/groups/join`, { body }),
      participants: (sessionId: string, jid: string, body: GroupParticipantsBody) =>
        http.request<GroupParticipantsResult | OperationPending>("POST", `${groupPath(sessionId, jid)}/participants`, {
          body,
        }),
    },

    /** Contacts are session operations too (202 `OperationPending` when WhatsApp is slow). */
    contacts: {
      check: (sessionId: string, phones: string[]) =>
        http.request<ContactsCheckResult | OperationPending>("POST", `/v1/sessions/${enc(sessionId)}/contacts/check`, {
          body: { phones },
        }),
      profile: (sessionId: string, phoneOrJid: string) =>
        http.request<ContactProfile | OperationPending>("GET", contactPath(sessionId, phoneOrJid)),
      block: (sessionId: string, phoneOrJid: string, block: boolean) =>
        http.request<BlockStatus | OperationPending>(
          block ? "POST" : "DELETE",
          `${contactPath(sessionId, phoneOrJid)}/block`,
        ),
      blocklist: (sessionId: string) =>
        http.request<Blocklist | OperationPending>("GET", `/v1/sessions/${enc(sessionId)}/blocklist`),
    },

    /** A 202's operation, polled until it settles. */
    operations: {
      get: (sessionId: string, operationId: string) =>
        http.request<Operation>("GET", `/v1/sessions/${enc(sessionId)}/operations/${enc(operationId)}`),
    },

    /** Files for media messages: the answer's presigned PUT takes the bytes (see chat/upload.ts). */
    media: {
      createUpload: (body: CreateMediaUploadBody) =>
        http.request<MediaUpload>("POST", MESSAGE_VERB_PATHS.mediaUpload(), { body }),
    },

    apiKeys: {
      list: (p?: PageParams) => http.request<Page<ApiKey>>("GET", "/v1/api-keys", { query: page(p) }),
      /** scopes/sessionIds omitted: the signed-in key's own (full access for a full-access key) */
      create: (name: string, limits: { scopes?: ApiKeyScope[]; sessionIds?: string[] } = {}) =>
        http.request<CreatedApiKey>("POST", "/v1/api-keys", { body: { name, ...limits } }),
      revoke: (id: string) => http.request<void>("DELETE", `/v1/api-keys/${enc(id)}`),
    },

    webhooks: {
      list: (p?: PageParams) => http.request<Page<Webhook>>("GET", "/v1/webhooks", { query: page(p) }),
      create: (body: CreateWebhookBody) => http.request<CreatedWebhook>("POST", "/v1/webhooks", { body }),
      remove: (id: string) => http.request<void>("DELETE", `/v1/webhooks/${enc(id)}`),
      update: (id: string, body: UpdateWebhookBody) =>
        http.request<Webhook>("PATCH", `/v1/webhooks/${enc(id)}`, { body }),
      rotateSecret: (id: string, graceSeconds: number) =>
        http.request<RotatedWebhookSecret>("POST", `/v1/webhooks/${enc(id)}/rotate-secret`, { body: { graceSeconds } }),
      test: (id: string) => http.request<WebhookDelivery>("POST", `/v1/webhooks/${enc(id)}/test`, { body: {} }),
      deliveries: (id: string, p?: PageParams) =>
        http.request<Page<WebhookDelivery>>("GET", `/v1/webhooks/${enc(id)}/deliveries`, { query: page(p) }),
      redeliver: (deliveryId: string) =>
        http.request<WebhookDelivery>("POST", `/v1/webhooks/deliveries/${enc(deliveryId)}/redeliver`, { body: {} }),
    },

    /** The tenant's event log, newest first. */
    events: {
      list: (p: PageParams & { sessionId?: string | null; type?: EventLogType | null } = {}) =>
        http.request<Page<EventLogEntry>>("GET", "/v1/events", {
          query: { ...page(p), sessionId: p.sessionId ?? undefined, type: p.type ?? undefined },
        }),
    },

    /** The tenant's audit log, newest first. */
    audit: {
      list: (p: PageParams & AuditFilter = {}) =>
        http.request<Page<AuditEntry>>("GET", "/v1/audit", {
          query: {
            ...page(p),
            actor: p.actor || undefined,
            action: p.action || undefined,
            from: p.from || undefined,
            to: p.to || undefined,
          },
        }),
    },

    realtime: {
      mintToken: () => http.request<RealtimeToken>("POST", "/v1/realtime/tokens", { body: {} }),
    },

    /** Sim mode only (`npm start -- --sim`); 404 route_not_found everywhere else. */
    demo: {
      state: () => http.request<DemoState>("GET", "/v1/demo"),
      addPhone: (name?: string) => http.request<DemoPhone>("POST", "/v1/demo/phones", { body: name ? { name } : {} }),
      scanQr: (phoneId: string, qr: string) =>
        http.request<DemoPhone>("POST", `/v1/demo/phones/${enc(phoneId)}/scan`, { body: { qr } }),
      enterPairingCode: (phoneId: string, code: string) =>
        http.request<DemoPhone>("POST", `/v1/demo/phones/${enc(phoneId)}/pairing-code`, { body: { code } }),
      contactSends: (phoneId: string, contactPhone: string, text: string) =>
        http.request<DemoContactMessageSent>(
          "POST",
          `/v1/demo/phones/${enc(phoneId)}/contacts/${enc(contactPhone)}/messages`,
          {
            body: { text },
          },
        ),
      receipts: (phoneId: string, type: "delivered" | "read") =>
        http.request<DemoReceiptsResult>("POST", `/v1/demo/phones/${enc(phoneId)}/receipts`, { body: { type } }),
    },
  };
}

export type Api = ReturnType<typeof createApi>;

/** Follows nextCursor up to `maxPages` pages: lists the dashboard shows whole (sessions, keys, webhooks). */
export async function fetchAll<T>(
  fetchPage: (p: PageParams) => Promise<Page<T>>,
  maxPages = 10,
  limit = 100,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const res: Page<T> = await fetchPage({ limit, cursor });
    all.push(...res.data);
    cursor = res.nextCursor;
    if (!cursor) break;
  }
  return all;
}
