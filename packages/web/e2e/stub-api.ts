import type { IncomingHttpHeaders } from "node:http";
import type { ApiAnswer, ApiHandler } from "./static-server";
import { contactRoutes } from "./stub-contacts";
import { GROUP_JID, groupChat, groupRoutes, groupThread } from "./stub-group";
import { richThread } from "./stub-rich-thread";

/**
 * A stubbed JSON API for the UI smoke test ONLY: canned tenants, sessions, chats, keys and
 * webhooks with just enough behaviour (connect → QR frame, send → 202) to drive the screens.
 * The real end-to-end tests run against the local stack with the simulator instead.
 */
export const STUB_KEY = `wharf_sk_${"S".repeat(43)}`;
const TENANT = "ten_01JD8K3V7Q0000000000000001";

const ulid = (n: number) => `01JD8K3V7Q${String(n).padStart(16, "0")}`;
export const sid = (n: number) => `ses_${ulid(n)}`;
const origin = (headers: IncomingHttpHeaders) => `http://${headers.host ?? "127.0.0.1"}`;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const pacing = { messagesPerMinute: 20, burst: 5, dailyCap: 1000, typingSimulation: false };

function session(
  n: number,
  name: string,
  status: string,
  phone: string | null,
  accountName: string | null,
  extra: Record<string, unknown> = {},
) {
  return {
    id: sid(n),
    tenantId: TENANT,
    name,
    status,
    desiredState:
      status === "disconnected" || status === "created" || status === "logged_out" ? "disconnected" : "connected",
    phone,
    accountName,
    pacing,
    lastDisconnect: null,
    health: {
      lastConnectedAt: phone ? minutesAgo(n * 17) : null,
      lastMessageAt: null,
      reconnectCount: n,
      reconnectsLast5m: 0,
    },
    owner: null,
    createdAt: minutesAgo(5000 - n),
    updatedAt: minutesAgo(n),
    ...extra,
  };
}

export interface StubState {
  sessions: ReturnType<typeof session>[];
  qr: Record<string, { qr: string | null; pairingCode: string | null; expiresAt: string | null }>;
  sent: { sessionId: string; to: string; text: string; idempotencyKey: string | undefined; body?: unknown }[];
}

export function createStubApi(hooks: { onConnect?: (sessionId: string, method: string) => void } = {}) {
  const state: StubState = {
    sessions: [
      session(1, "Support line", "open", "4915123456789", "Acme Support", {
        health: {
          lastConnectedAt: minutesAgo(42),
          lastMessageAt: minutesAgo(2),
          reconnectCount: 3,
          reconnectsLast5m: 0,
        },
      }),
      session(2, "Sales EU", "reconnecting", "447700900123", null, {
        health: {
          lastConnectedAt: minutesAgo(3),
          lastMessageAt: minutesAgo(9),
          reconnectCount: 11,
          reconnectsLast5m: 4,
        },
      }),
      session(3, "Marketing", "created", null, null),
      session(4, "Old number", "logged_out", "14155550100", null, {
        lastDisconnect: {
          code: 401,
          reason: "logged_out",
          message: "The phone removed this device from Linked devices",
          at: minutesAgo(180),
        },
      }),
    ],
    qr: {},
    sent: [],
  };

  const chats = [
    {
      jid: "4917612345678@s.whatsapp.net",
      name: "Anna Becker",
      phone: "4917612345678",
      unreadCount: 2,
      lastMessageAt: minutesAgo(2),
      lastMessageText: "Perfect, see you at 3!",
      lastMessageDirection: "in",
    },
    {
      jid: "4915799988877@s.whatsapp.net",
      name: "Jonas Weber",
      phone: "4915799988877",
      unreadCount: 0,
      lastMessageAt: minutesAgo(35),
      lastMessageText: "Your order #4821 has shipped.",
      lastMessageDirection: "out",
    },
    {
      jid: "31612345678@s.whatsapp.net",
      name: null,
      phone: "31612345678",
      unreadCount: 1,
      lastMessageAt: minutesAgo(190),
      lastMessageText: "Is the store open on Sunday?",
      lastMessageDirection: "in",
    },
    groupChat(minutesAgo),
  ];
  const msg = (n: number, direction: "in" | "out", text: string, status: string, ago: number) => ({
    id: `msg_${ulid(100 + n)}`,
    sessionId: sid(1),
    chatJid: chats[0]!.jid,
    direction,
    type: "text",
    text,
    content: { kind: "text", text },
    status: direction === "in" ? "received" : status,
    failureCode: null,
    failureReason: null,
    waMessageId: `3EB0${ulid(100 + n).slice(-12)}`,
    from: direction === "in" ? chats[0]!.jid : null,
    pushName: direction === "in" ? "Anna" : null,
    timestamp: minutesAgo(ago),
    updatedAt: minutesAgo(ago),
  });
  // newest first, as the API pages them
  const thread = [
    msg(6, "in", "Perfect, see you at 3!", "received", 2),
    msg(5, "out", "Yes — 3 pm works. I've booked the fitting room for you.", "read", 4),
    msg(4, "in", "Could I come by this afternoon instead?", "received", 6),
    msg(3, "out", "Great! Your appointment is confirmed for tomorrow at 10:00.", "delivered", 30),
    msg(2, "in", "Hi! I'd like to book an appointment for a fitting", "received", 33),
    msg(1, "out", "Hello Anna, thanks for reaching out to Atelier Nord.", "read", 34),
  ];
  function delivery(n: number, eventType: string, status: string, extra: Record<string, unknown>) {
    return {
      id: `dlv_${ulid(n)}`,
      webhookId: `whk_${ulid(1)}`,
      eventId: `evt_${ulid(n)}`,
      eventType,
      sessionId: sid(1),
      status,
      attempts: 0,
      responseStatus: null,
      error: null,
      createdAt: minutesAgo(0),
      lastAttemptAt: null,
      nextAttemptAt: null,
      ...extra,
    };
  }
  const apiKeys = [
    {
      id: `key_${ulid(1)}`,
      tenantId: TENANT,
      name: "dashboard",
      prefix: STUB_KEY.slice(0, 15),
      createdAt: minutesAgo(60 * 24 * 12),
      lastUsedAt: minutesAgo(0),
    },
    {
      id: `key_${ulid(2)}`,
      tenantId: TENANT,
      name: "billing-service",
      prefix: "wharf_sk_Q3f9Za",
      scopes: ["sessions:read", "messages:send"],
      sessionIds: [sid(1)],
      createdAt: minutesAgo(60 * 24 * 40),
      lastUsedAt: minutesAgo(60 * 5),
    },
  ];
  const auditEntries = [
    {
      id: `aud_${ulid(3)}`,
      at: minutesAgo(4),
      actor: { type: "api_key", keyId: apiKeys[1]!.id, scopes: ["sessions:read", "messages:send"] },
      action: "session.delete",
      target: sid(1),
      result: { status: 403, outcome: "error", code: "forbidden" },
      requestId: "4f1c2a9e-0d3b-4c55-9a71-2b8e6f0c1d22",
      sourceAddress: "203.0.113.24",
    },
    {
      id: `aud_${ulid(2)}`,
      at: minutesAgo(30),
      actor: { type: "api_key", keyId: apiKeys[0]!.id, scopes: null },
      action: "api_key.create",
      target: apiKeys[1]!.id,
      result: { status: 201, outcome: "ok", code: null },
      requestId: "9b7d0e41-3c2f-4a8b-8d16-5e0f7a2c9b33",
      sourceAddress: "198.51.100.7",
    },
    {
      id: `aud_${ulid(1)}`,
      at: minutesAgo(60 * 24 * 12),
      actor: { type: "admin" },
      action: "tenant.create",
      target: TENANT,
      result: { status: 201, outcome: "ok", code: null },
      requestId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
      sourceAddress: null,
    },
  ];
  const webhooks = [
    {
      id: `whk_${ulid(1)}`,
      url: "https://hooks.atelier-nord.example/wharf",
      events: ["session.status", "message.received", "message.status"],
      sessionIds: null,
      description: "Order bot (production)",
      secretPrefix: "whsec_7Qp2",
      paused: false,
      headers: {},
      previousSecret: null,
      createdAt: minutesAgo(60 * 24 * 3),
      updatedAt: minutesAgo(60 * 24 * 3),
    },
  ];
  const deliveries = [
    delivery(3, "message.received", "succeeded", {
      attempts: 1,
      responseStatus: 200,
      createdAt: minutesAgo(2),
      lastAttemptAt: minutesAgo(2),
    }),
    delivery(2, "message.status", "pending", {
      attempts: 3,
      responseStatus: 503,
      error: "Service Unavailable",
      createdAt: minutesAgo(14),
      lastAttemptAt: minutesAgo(4),
      nextAttemptAt: new Date(Date.now() + 8 * 60_000).toISOString(),
    }),
    delivery(1, "message.received", "dead", {
      attempts: 18,
      error: "connect ECONNREFUSED",
      createdAt: minutesAgo(60 * 26),
      lastAttemptAt: minutesAgo(60 * 2),
    }),
  ];

  const err = (status: number, code: string, message: string): ApiAnswer => ({
    status,
    body: { error: { code, message } },
  });
  const page = (data: unknown[]) => ({ status: 200, body: { data, nextCursor: null } });

  const blocked = new Set<string>();
  const groups = groupRoutes(sid(1), chats);
  const handler: ApiHandler = ({ method, path, headers, body }) => {
    if (method === "GET" && path === "/v1/health")
      return { status: 200, body: { status: "ok", version: "stub", time: new Date().toISOString() } };
    const auth = headers.authorization ?? "";
    if (auth !== `Bearer ${STUB_KEY}`) return err(401, "unauthorized", "invalid API key");

    const m = (re: RegExp) => re.exec(path);
    if (method === "GET" && path === "/v1/sessions") return page(state.sessions);
    if (method === "POST" && path === "/v1/sessions") {
      const s = session(10 + state.sessions.length, (body as { name: string }).name, "created", null, null);
      state.sessions.unshift(s);
      return { status: 201, body: s };
    }
    const one = m(/^\/v1\/sessions\/([^/]+)$/);
    if (one) {
      const s = state.sessions.find((x) => x.id === one[1]);
      if (!s) return err(404, "not_found", "session not found");
      if (method === "GET") return { status: 200, body: s };
      if (method === "DELETE") {
        state.sessions = state.sessions.filter((x) => x !== s);
        return { status: 204 };
      }
    }
    const command = m(/^\/v1\/sessions\/([^/]+)\/(connect|disconnect|logout)$/);
    if (command && method === "POST") {
      const s = state.sessions.find((x) => x.id === command[1]);
      if (!s) return err(404, "not_found", "session not found");
      s.status = command[2] === "connect" ? "connecting" : command[2] === "logout" ? "logged_out" : "disconnected";
      if (command[2] === "connect") hooks.onConnect?.(s.id, (body as { method: string }).method);
      return { status: 202, body: s };
    }
    const qr = m(/^\/v1\/sessions\/([^/]+)\/qr$/);
    if (qr && method === "GET") {
      return {
        status: 200,
        body: { dataUrl: null, ...(state.qr[qr[1]!] ?? { qr: null, pairingCode: null, expiresAt: null }) },
      };
    }
    const chatList = m(/^\/v1\/sessions\/([^/]+)\/chats$/);
    if (chatList && method === "GET") return page(chatList[1] === sid(1) ? chats : []);
    const chatMessages = m(/^\/v1\/sessions\/([^/]+)\/chats\/([^/]+)\/messages$/);
    if (chatMessages && method === "GET") {
      const jid = decodeURIComponent(chatMessages[2]!);
      if (chatMessages[1] === sid(1) && jid === chats[1]!.jid) return page(richThread(jid, minutesAgo));
      if (chatMessages[1] === sid(1) && jid === GROUP_JID) return page(groupThread(minutesAgo));
      return page(chatMessages[1] === sid(1) && jid === chats[0]!.jid ? thread : []);
    }
    const contact = contactRoutes(sid(1), method, path, body, blocked);
    if (contact) return contact;
    const group = groups(method, path, body);
    if (group) return group;
    const chatRead = m(/^\/v1\/sessions\/([^/]+)\/chats\/([^/]+)\/read$/);
    if (chatRead && method === "POST") {
      const chat = chats.find((c) => c.jid === decodeURIComponent(chatRead[2]!));
      return chat ? { status: 200, body: { ...chat, unreadCount: 0 } } : err(404, "not_found", "chat not found");
    }
    if (method === "POST" && path === "/v1/media") {
      const b = body as { mimetype: string };
      return {
        status: 201,
        body: {
          mediaId: `med_${ulid(1)}`,
          uploadUrl: `${origin(headers)}/s3/wharf-media/upload-1?X-Amz-Signature=stub`,
          method: "PUT",
          headers: { "Content-Type": b.mimetype },
          expiresAt: new Date(Date.now() + 900_000).toISOString(),
        },
      };
    }
    const send = m(/^\/v1\/sessions\/([^/]+)\/messages$/);
    if (send && method === "POST") {
      const b = body as { to: string; text: string; type?: string; mediaId?: string; caption?: string };
      state.sent.push({
        sessionId: send[1]!,
        to: b.to,
        text: b.text,
        idempotencyKey: headers["idempotency-key"] as string | undefined,
        body: b,
      });
      return { status: 202, body: { id: `msg_${ulid(500 + state.sent.length)}`, status: "queued" } };
    }
    if (method === "GET" && path === "/v1/api-keys") return page(apiKeys);
    if (method === "GET" && path === "/v1/webhooks") return page(webhooks);
    if (method === "GET" && path === "/v1/events") return page([]);
    if (method === "GET" && path === "/v1/audit") return page(auditEntries);
    if (method === "GET" && m(/^\/v1\/webhooks\/([^/]+)\/deliveries$/)) return page(deliveries);
    if (method === "POST" && path === "/v1/realtime/tokens") {
      // url null: the dashboard falls back to ws://<same host>/v1/realtime, where the stub listens
      return {
        status: 201,
        body: { token: "stub-token", expiresAt: new Date(Date.now() + 600_000).toISOString(), url: null },
      };
    }
    if (method === "GET" && path === "/v1/demo") {
      return {
        status: 200,
        body: {
          sim: true,
          phones: [{ id: "1", phone: "15550100001", name: "Virtual phone", linked: false, online: false }],
        },
      };
    }
    return err(404, "route_not_found", `no route ${method} ${path}`);
  };

  return { handler, state, tenantId: TENANT, chats, thread };
}
