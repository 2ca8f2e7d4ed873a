import { z } from "zod";
import type { SimulatorApi } from "../api";
import { DISCONNECT_FAULTS, type DisconnectFault } from "../faults";
import { actionRoutes } from "./action-routes";
import { chatRoutes } from "./chat-routes";
import { groupRoutes } from "../groups/routes";
import { contactRoutes } from "./contact-routes";

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  pattern: RegExp;
  body?: z.ZodType;
  handle(
    api: SimulatorApi,
    params: Record<string, string>,
    body: any,
    query: URLSearchParams,
  ): Promise<{ status: number; body?: unknown }> | { status: number; body?: unknown };
}

const ACCOUNT = String.raw`/admin/accounts/(?<id>[0-9]+)`;
const route = (method: Route["method"], path: string, rest: Omit<Route, "method" | "pattern">): Route => ({
  method,
  pattern: new RegExp(`^${path}$`),
  ...rest,
});

const phone = z.string().regex(/^[1-9][0-9]{5,14}$/, "6-15 digits, no +");
const faultNames = Object.keys(DISCONNECT_FAULTS) as [DisconnectFault, ...DisconnectFault[]];

const schemas = {
  createAccount: z.object({ phone: phone.optional(), name: z.string().min(1).max(100).optional() }).strict(),
  scan: z.object({ qr: z.string().min(1).max(2000) }).strict(),
  pairingCode: z.object({ code: z.string().min(1).max(20) }).strict(),
  message: z
    .object({
      text: z.string().min(1).max(65_536),
      id: z
        .string()
        .regex(/^[0-9A-Za-z]{6,64}$/)
        .optional(),
      pushName: z.string().min(1).max(100).optional(),
      plaintext: z.boolean().optional(),
    })
    .strict(),
  receipts: z
    .object({ type: z.enum(["delivered", "read"]), messageIds: z.array(z.string().min(1)).max(1000).optional() })
    .strict(),
  disconnect: z.object({ reason: z.enum(faultNames) }).strict(),
  refuse: z
    .object({ code: z.number().int().min(400).max(599).default(403), times: z.number().int().min(1).optional() })
    .strict(),
  latency: z.object({ ms: z.number().int().min(0).max(120_000) }).strict(),
  stall: z.object({ count: z.number().int().min(0).max(1000) }).strict(),
  restart: z.object({ downMs: z.number().int().min(0).max(60_000).default(1_000) }).strict(),
};

/** Every admin endpoint (documented in the package README). */
export const adminRoutes: Route[] = [
  route("GET", "/admin/health", { handle: () => ({ status: 200, body: { ok: true } }) }),
  route("GET", "/admin/root-key", {
    handle: (api) => ({ status: 200, body: { publicKey: api.rootPublicKey.toString("hex") } }),
  }),
  // ?gc=1 collects garbage first when the simulator runs with --expose-gc (benchmarks).
  route("GET", "/admin/stats", {
    handle: (api, _p, _b, q) => ({ status: 200, body: api.stats({ gc: q.get("gc") === "1" }) }),
  }),
  route("PUT", "/admin/latency", {
    body: schemas.latency,
    handle: (api, _p, b) => (api.setLatency(b.ms), { status: 204 }),
  }),
  route("POST", "/admin/faults/stall-handshakes", {
    body: schemas.stall,
    handle: (api, _p, b) => (api.stallHandshakes(b.count), { status: 204 }),
  }),
  // answers once the server listens again (this request's own connection survives the restart)
  route("POST", "/admin/restart", {
    body: schemas.restart,
    handle: async (api, _p, b) => (await api.restart(b.downMs), { status: 204 }),
  }),
  route("GET", "/admin/accounts", { handle: (api) => ({ status: 200, body: { accounts: api.listAccounts() } }) }),
  route("POST", "/admin/accounts", {
    body: schemas.createAccount,
    handle: (api, _p, b) => ({ status: 201, body: api.createAccount(b) }),
  }),
  route("GET", ACCOUNT, { handle: (api, p) => ({ status: 200, body: api.getAccount(p.id!) }) }),
  route("POST", `${ACCOUNT}/scan`, {
    body: schemas.scan,
    handle: async (api, p, b) => ({ status: 200, body: await api.scanQr(p.id!, b.qr) }),
  }),
  route("POST", `${ACCOUNT}/pairing-code`, {
    body: schemas.pairingCode,
    handle: async (api, p, b) => ({ status: 200, body: await api.enterPairingCode(p.id!, b.code) }),
  }),
  route("POST", `${ACCOUNT}/contacts/(?<pn>[0-9]+)/messages`, {
    body: schemas.message,
    handle: (api, p, b) => ({ status: 202, body: api.sendText(p.id!, p.pn!, b.text, b) }),
  }),
  route("GET", `${ACCOUNT}/inbox`, { handle: (api, p) => ({ status: 200, body: { messages: api.inbox(p.id!) } }) }),
  route("GET", `${ACCOUNT}/received`, {
    handle: (api, p) => ({ status: 200, body: { messages: api.received(p.id!) } }),
  }),
  route("POST", `${ACCOUNT}/receipts`, {
    body: schemas.receipts,
    handle: (api, p, b) => ({ status: 200, body: { updated: api.sendReceipts(p.id!, b.type, b.messageIds) } }),
  }),
  route("POST", `${ACCOUNT}/disconnect`, {
    body: schemas.disconnect,
    handle: (api, p, b) => ({ status: 200, body: { expectedCode: api.disconnect(p.id!, b.reason) } }),
  }),
  route("POST", `${ACCOUNT}/refuse-logins`, {
    body: schemas.refuse,
    handle: (api, p, b) => (api.refuseLogins(p.id!, b.code, b.times), { status: 200, body: api.getAccount(p.id!) }),
  }),
  route("DELETE", `${ACCOUNT}/refuse-logins`, {
    handle: (api, p) => (api.refuseLogins(p.id!, null), { status: 200, body: api.getAccount(p.id!) }),
  }),
  route("POST", `${ACCOUNT}/unlink`, {
    handle: (api, p) => (api.unlink(p.id!), { status: 200, body: api.getAccount(p.id!) }),
  }),
  route("PUT", `${ACCOUNT}/latency`, {
    body: schemas.latency,
    handle: (api, p, b) => (api.setLatency(b.ms, p.id!), { status: 200, body: api.getAccount(p.id!) }),
  }),
  ...chatRoutes,
  ...actionRoutes,
  ...groupRoutes,
  ...contactRoutes,
];
