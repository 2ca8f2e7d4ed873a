import type {
  Chat,
  ConnectionStatusFrameData,
  Message,
  MessageStatusFrameData,
  RealtimeToken,
  Session,
  Webhook,
  WebhookDelivery,
} from "@wharf/contracts";
import type { SocketLike } from "../realtime/client";

/** A WebSocket stand-in the tests drive by hand: open(), frame(), drop(). */
export class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  sent: string[] = [];
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  frame(frame: unknown) {
    this.onmessage?.({ data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.closed = true;
    this.onclose?.({ code, reason: "" });
  }
  static latest(): FakeSocket {
    const s = FakeSocket.all[FakeSocket.all.length - 1];
    if (!s) throw new Error("no socket was opened");
    return s;
  }
}

export const TENANT = "ten_01JD8K3V7Q0000000000000001";
const ulid = (n: number) => `01JD8K3V7Q${String(n).padStart(16, "0")}`;
export const sessionId = (n: number) => `ses_${ulid(n)}`;
export const messageId = (n: number) => `msg_${ulid(n)}`;
export const webhookId = (n: number) => `whk_${ulid(n)}`;
export const deliveryId = (n: number) => `dlv_${ulid(n)}`;
export const eventId = (n: number) => `evt_${ulid(n)}`;
let frameCounter = 0;
export function frame(type: string, sid: string, data: unknown) {
  return {
    v: 1,
    type,
    id: `evt_01JD8K3V7Q${String(++frameCounter).padStart(16, "0")}`,
    tenantId: TENANT,
    sessionId: sid,
    at: new Date().toISOString(),
    data,
  };
}

export function makeSession(n: number, patch: Partial<Session> = {}): Session {
  return {
    id: sessionId(n),
    tenantId: TENANT,
    name: `Session ${n}`,
    status: "created",
    desiredState: "disconnected",
    phone: null,
    accountName: null,
    pacing: { messagesPerMinute: 20, burst: 5, dailyCap: 1000, typingSimulation: false },
    lastDisconnect: null,
    health: { lastConnectedAt: null, lastMessageAt: null, reconnectCount: 0, reconnectsLast5m: 0 },
    owner: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...patch,
  };
}

/** A message as the API returns it (GET …/messages, `message:new` frames). */
export function makeMessage(n: number, patch: Partial<Message> = {}): Message {
  const text = patch.text === undefined ? "hi" : patch.text;
  const direction = patch.direction ?? "out";
  const at = patch.timestamp ?? "2026-01-01T10:00:00.000Z";
  return {
    id: messageId(n),
    sessionId: sessionId(1),
    chatJid: "4917612345678@s.whatsapp.net",
    direction,
    type: "text",
    text,
    content: { kind: "text", text: text ?? "" },
    status: direction === "in" ? "received" : "sent",
    failureCode: null,
    failureReason: null,
    waMessageId: `3EB0${String(n).padStart(12, "0")}`,
    from: direction === "in" ? "4917612345678@s.whatsapp.net" : null,
    fromPhone: null,
    pushName: null,
    timestamp: at,
    updatedAt: at,
    ...patch,
  };
}

export function makeChat(jid: string, patch: Partial<Chat> = {}): Chat {
  return {
    jid,
    name: null,
    phone: jid.endsWith("@s.whatsapp.net") ? jid.split("@")[0]! : null,
    unreadCount: 0,
    lastMessageAt: "2026-01-01T09:00:00.000Z",
    lastMessageText: null,
    lastMessageDirection: null,
    ...patch,
  };
}

export function makeWebhook(n: number, patch: Partial<Webhook> = {}): Webhook {
  return {
    id: webhookId(n),
    url: "https://hooks.example/wharf",
    events: ["message.received"],
    sessionIds: null,
    description: null,
    secretPrefix: "whsec_Ab3d",
    paused: false,
    headers: {},
    previousSecret: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...patch,
  };
}

export function makeDelivery(n: number, patch: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: deliveryId(n),
    webhookId: webhookId(1),
    eventId: eventId(n),
    eventType: "message.received",
    sessionId: null,
    status: "succeeded",
    attempts: 1,
    responseStatus: 200,
    error: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    lastAttemptAt: "2026-01-01T00:00:01.000Z",
    nextAttemptAt: null,
    ...patch,
  };
}

/** `connection:status` frame data with every field the server sends. */
export function statusData(
  patch: Partial<ConnectionStatusFrameData> & Pick<ConnectionStatusFrameData, "status">,
): ConnectionStatusFrameData {
  return { phone: null, accountName: null, lastDisconnect: null, health: null, ...patch };
}

/** `message:status` frame data with every field the server sends. */
export function messageStatusData(
  patch: Partial<MessageStatusFrameData> & Pick<MessageStatusFrameData, "messageId" | "status">,
): MessageStatusFrameData {
  return { chatJid: null, waMessageId: null, failureCode: null, failureReason: null, ...patch };
}

/** A realtime token answer; `url: null` makes the client use its configured URL. */
export function realtimeToken(n = 1, url: string | null = null): RealtimeToken {
  return { token: `tok-${n}`, expiresAt: new Date(Date.now() + 300_000).toISOString(), url };
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}
type Reply = { status: number; body?: unknown } | "network_error";
type Route = (req: FakeRequest) => Reply | undefined;

/** A fetch that answers from a list of routes (first match wins) and records every request. */
export function fakeFetch(routes: Record<string, Route | Reply>) {
  const requests: FakeRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), "http://dashboard.test");
    const req: FakeRequest = {
      method: init?.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: Object.fromEntries(
        Object.entries((init?.headers as Record<string, string>) ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      ),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    requests.push(req);
    for (const [pattern, route] of Object.entries(routes)) {
      const [method, path] = pattern.split(" ");
      if (method !== req.method || !new RegExp(`^${path}$`).test(req.path)) continue;
      const reply = typeof route === "function" ? route(req) : route;
      if (reply === undefined) continue;
      if (reply === "network_error") throw new TypeError("Failed to fetch");
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
        status: reply.status,
        headers: { "content-type": "application/json" },
      });
    }
    return new Response(
      JSON.stringify({ error: { code: "route_not_found", message: `no route ${req.method} ${req.path}` } }),
      { status: 404 },
    );
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

export const page = <T>(data: T[]) => ({ status: 200, body: { data, nextCursor: null } });
