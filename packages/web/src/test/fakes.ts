import type { Session } from "@wharf/contracts";
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
export const sessionId = (n: number) => `ses_01JD8K3V7Q${String(n).padStart(16, "0")}`;
let frameCounter = 0;
export function frame(type: string, sid: string, data: unknown) {
  return { v: 1, type, id: `evt_01JD8K3V7Q${String(++frameCounter).padStart(16, "0")}`, tenantId: TENANT, sessionId: sid, at: new Date().toISOString(), data };
}

export function makeSession(n: number, patch: Partial<Session> = {}): Session {
  return {
    id: sessionId(n),
    tenantId: TENANT,
    name: `Session ${n}`,
    status: "created",
    desiredState: "disconnected",
    phone: null,
    pacing: { messagesPerMinute: 20, burst: 5, dailyCap: 1000, typingSimulation: false },
    lastDisconnect: null,
    health: { lastConnectedAt: null, lastMessageAt: null, reconnectCount: 0, reconnectsLast5m: 0 },
    owner: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...patch,
  };
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
      headers: Object.fromEntries(Object.entries((init?.headers as Record<string, string>) ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
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
    return new Response(JSON.stringify({ error: { code: "route_not_found", message: `no route ${req.method} ${req.path}` } }), { status: 404 });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

export const page = <T,>(data: T[]) => ({ status: 200, body: { data, nextCursor: null } });
