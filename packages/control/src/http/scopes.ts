import type { ApiKeyScope } from "@wharf/contracts";

/**
 * The one table of what each operation needs and what it is called in the audit log. The
 * auth middleware enforces it (requireTenant looks the matched route up here), the OpenAPI
 * document lists each operation's scope from it, and the audit trail names actions from it.
 * A tenant route missing from the table needs every scope (full access): fail closed.
 */
export interface OperationPolicy {
  /** the scope a tenant key needs (absent on admin routes) */
  scope?: ApiKeyScope;
  /** the audit log's name for a mutating call, `<resource>.<verb>` */
  action?: string;
  /** refused to session-limited keys: the call would create what such a key cannot see */
  unlimitedOnly?: boolean;
}

/** Keyed by `<METHOD> <path as in the OpenAPI document>`. */
export const OPERATIONS: Record<string, OperationPolicy> = {
  "POST /v1/tenants": { action: "tenant.create" },
  "PATCH /v1/tenants/{id}": { action: "tenant.update" },

  "POST /v1/api-keys": { scope: "keys:manage", action: "api_key.create" },
  "GET /v1/api-keys": { scope: "keys:manage" },
  "DELETE /v1/api-keys/{id}": { scope: "keys:manage", action: "api_key.revoke" },

  "POST /v1/sessions": { scope: "sessions:write", action: "session.create", unlimitedOnly: true },
  "GET /v1/sessions": { scope: "sessions:read" },
  "GET /v1/sessions/{id}": { scope: "sessions:read" },
  "PATCH /v1/sessions/{id}": { scope: "sessions:write", action: "session.update" },
  "DELETE /v1/sessions/{id}": { scope: "sessions:write", action: "session.delete" },
  "POST /v1/sessions/{id}/connect": { scope: "sessions:write", action: "session.connect" },
  "POST /v1/sessions/{id}/disconnect": { scope: "sessions:write", action: "session.disconnect" },
  "POST /v1/sessions/{id}/logout": { scope: "sessions:write", action: "session.logout" },
  // whoever scans the QR links their phone to the session: that is a write, not a read
  "GET /v1/sessions/{id}/qr": { scope: "sessions:write" },

  "POST /v1/sessions/{id}/messages": { scope: "messages:send", action: "message.send" },
  "GET /v1/sessions/{id}/messages/{msgId}": { scope: "messages:read" },
  "GET /v1/sessions/{id}/chats": { scope: "messages:read" },
  "GET /v1/sessions/{id}/chats/{jid}/messages": { scope: "messages:read" },
  // marking read is part of reading (like a mail client); it sends nothing to the contact
  "POST /v1/sessions/{id}/chats/{jid}/read": { scope: "messages:read", action: "chat.mark_read" },
  "GET /v1/sessions/{id}/contacts": { scope: "messages:read" },
  "POST /v1/sessions/{id}/messages/{msgId}/edit": { scope: "messages:send", action: "message.edit" },
  "DELETE /v1/sessions/{id}/messages/{msgId}": { scope: "messages:send", action: "message.delete" },
  // read receipts reach the contact: a send, unlike marking a chat read in Wharf only
  "POST /v1/sessions/{id}/read": { scope: "messages:send", action: "chat.send_read" },
  "POST /v1/sessions/{id}/presence": { scope: "messages:send", action: "chat.presence" },
  // contacts and profile (#12): asking WhatsApp about contacts is reading; blocking acts as the account
  "GET /v1/sessions/{id}/profile": { scope: "sessions:read" },
  "POST /v1/sessions/{id}/contacts/check": { scope: "messages:read" },
  "GET /v1/sessions/{id}/contacts/{jid}": { scope: "messages:read" },
  "POST /v1/sessions/{id}/contacts/{jid}/block": { scope: "messages:send", action: "contact.block" },
  "DELETE /v1/sessions/{id}/contacts/{jid}/block": { scope: "messages:send", action: "contact.unblock" },
  "GET /v1/sessions/{id}/blocklist": { scope: "messages:read" },
  "POST /v1/sessions/{id}/contacts/{jid}/presence/subscribe": { scope: "messages:read" },
  "GET /v1/sessions/{id}/operations/{operationId}": { scope: "messages:read" },
  "POST /v1/media": { scope: "messages:send", action: "media.upload" },

  // groups: reading what is stored or asking WhatsApp is a read; every change acts as the account
  "GET /v1/sessions/{id}/groups": { scope: "messages:read" },
  "GET /v1/sessions/{id}/groups/{groupJid}": { scope: "messages:read" },
  "GET /v1/sessions/{id}/groups/{groupJid}/invite": { scope: "messages:read" },
  "POST /v1/sessions/{id}/groups": { scope: "messages:send", action: "group.create" },
  "POST /v1/sessions/{id}/groups/join": { scope: "messages:send", action: "group.join" },
  "PATCH /v1/sessions/{id}/groups/{groupJid}": { scope: "messages:send", action: "group.update" },
  "POST /v1/sessions/{id}/groups/{groupJid}/participants": { scope: "messages:send", action: "group.participants" },
  "POST /v1/sessions/{id}/groups/{groupJid}/leave": { scope: "messages:send", action: "group.leave" },
  "DELETE /v1/sessions/{id}/groups/{groupJid}/invite": { scope: "messages:send", action: "group.revoke_invite" },

  "POST /v1/webhooks": { scope: "webhooks:manage", action: "webhook.create" },
  "GET /v1/webhooks": { scope: "webhooks:manage" },
  "GET /v1/webhooks/{id}": { scope: "webhooks:manage" },
  "PATCH /v1/webhooks/{id}": { scope: "webhooks:manage", action: "webhook.update" },
  "POST /v1/webhooks/{id}/rotate-secret": { scope: "webhooks:manage", action: "webhook.rotate_secret" },
  "DELETE /v1/webhooks/{id}": { scope: "webhooks:manage", action: "webhook.delete" },
  "POST /v1/webhooks/{id}/test": { scope: "webhooks:manage", action: "webhook.test" },
  "GET /v1/webhooks/{id}/deliveries": { scope: "webhooks:manage" },
  "POST /v1/webhooks/deliveries/{id}/redeliver": { scope: "webhooks:manage", action: "webhook.redeliver" },

  "GET /v1/events": { scope: "events:read" },
  // status frames need sessions:read, message frames also messages:read (checked per frame)
  "POST /v1/realtime/tokens": { scope: "sessions:read", action: "realtime_token.create" },
  "GET /v1/audit": { scope: "audit:read" },
};

/** The table key of a matched route: Hono's `:param` segments written as OpenAPI's `{param}`. */
export function operationKey(method: string, routePath: string): string {
  const m = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  return `${m} ${routePath.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`;
}

export function policyOf(method: string, routePath: string): OperationPolicy | undefined {
  return OPERATIONS[operationKey(method, routePath)];
}

/** Paths whose `{id}` is a session id: a session-limited key sees only its own there. */
export function namesSession(routePath: string): boolean {
  return /^\/v1\/sessions\/[:{]id\}?(\/|$)/.test(routePath);
}

/**
 * The audit action of a mutating call: the table's, else one derived from the route
 * (`demo_phones.post` for POST /v1/demo/phones) so nothing mutating goes unnamed.
 */
export function actionOf(method: string, routePath: string): string {
  const declared = policyOf(method, routePath)?.action;
  if (declared) return declared;
  const resource = routePath
    .split("/")
    .filter((s) => s && s !== "v1" && !s.startsWith(":") && !s.startsWith("{"))
    .join("_")
    .replace(/[^a-z_]/gi, "_")
    .toLowerCase();
  return `${resource || "root"}.${method.toLowerCase()}`;
}

interface SecuredOperation {
  security?: Array<Record<string, string[]>>;
  description?: string;
}

/**
 * The OpenAPI document with each tenant operation's scope as its security requirement
 * (`tenantKey: [scope]`; every scope for an operation the table does not know) and named in
 * its description. Read off the same table the middleware enforces.
 */
export function withScopeRequirements<D extends { paths?: unknown }>(document: D, allScopes: readonly string[]): D {
  const doc = structuredClone(document);
  const paths = (doc.paths ?? {}) as Record<string, Record<string, SecuredOperation>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op.security?.some((s) => "tenantKey" in s)) continue;
      const scope = OPERATIONS[`${method.toUpperCase()} ${path}`]?.scope;
      const scopes = scope ? [scope] : [...allScopes];
      op.security = [{ tenantKey: scopes }];
      const needs = scope ? `Requires scope \`${scope}\`.` : "Requires a full-access key (every scope).";
      op.description = op.description ? `${op.description}\n\n${needs}` : needs;
    }
  }
  return doc;
}
