import { z } from "zod";
import { GROUP_EVENT_TYPES } from "./group-events";
import { EventId, SessionId, TenantId, WebhookId, idSchema } from "./ids";

export const DeliveryId = idSchema("delivery");

/** Event types a webhook can subscribe to; `webhook.test` goes only to the endpoint tested. */
export const WEBHOOK_EVENT_TYPES = [
  "session.status",
  "session.qr",
  "session.pairing_code",
  "session.unstable",
  "message.received",
  "message.status",
  "contacts.upsert",
  "message.updated",
  "chat.presence",
  "message.action_failed",
  ...GROUP_EVENT_TYPES,
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;
export const WEBHOOK_TEST_EVENT = "webhook.test";

export const WebhookUrl = z
  .string()
  .trim()
  .max(2048)
  .url({ message: "must be an absolute http(s) URL" })
  .refine((u) => /^https?:\/\//i.test(u), { message: "must be an http or https URL" });

const WebhookEvents = z
  .array(WebhookEventType)
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((e) => new Set(e).size === e.length, { message: "event types must not repeat" });
const WebhookSessionIds = z.array(SessionId).min(1).max(100);
const WebhookDescription = z.string().trim().max(200);

export const MAX_WEBHOOK_HEADERS = 10;
/**
 * Header names Wharf owns on every delivery or that only the transport may set: hop-by-hop
 * headers, framing (Host, Content-Length, Content-Type, …) and the `Wharf-*` family, so a custom
 * header can never forge a signature or break the request. `Authorization` is allowed: it is
 * how most receivers authenticate callers.
 */
export const RESERVED_WEBHOOK_HEADERS = [
  "host",
  "content-length",
  "content-type",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
  "proxy-authorization",
  "proxy-authenticate",
  "proxy-connection",
  "user-agent",
  "cookie",
] as const;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
/** visible ASCII and inner spaces/tabs only: no CR/LF (header injection), no control characters */
const HEADER_VALUE = /^[\x21-\x7e]([\x20-\x7e\t]*[\x21-\x7e])?$/;

export function isReservedWebhookHeader(name: string): boolean {
  const n = name.toLowerCase();
  return (
    n.startsWith("wharf-") || n.startsWith("proxy-") || (RESERVED_WEBHOOK_HEADERS as readonly string[]).includes(n)
  );
}

/** Custom headers sent with every delivery; values are never logged. */
export const WebhookHeaders = z
  .record(
    z.string().regex(HEADER_NAME, { message: "header names are 1-64 token characters" }),
    z
      .string()
      .max(1024)
      .regex(HEADER_VALUE, { message: "header values are 1-1024 printable ASCII characters, no line breaks" }),
  )
  .superRefine((h, ctx) => {
    const names = Object.keys(h);
    if (names.length > MAX_WEBHOOK_HEADERS)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `at most ${MAX_WEBHOOK_HEADERS} headers` });
    const seen = new Set<string>();
    for (const name of names) {
      if (isReservedWebhookHeader(name))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [name],
          message: `${name} is set by Wharf and cannot be overridden`,
        });
      if (seen.has(name.toLowerCase()))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [name],
          message: "header names must not repeat (case-insensitive)",
        });
      seen.add(name.toLowerCase());
    }
  });
export type WebhookHeaders = z.infer<typeof WebhookHeaders>;

export const CreateWebhookBody = z
  .object({
    url: WebhookUrl,
    events: WebhookEvents,
    /** only events of these sessions; absent = every session of the tenant */
    sessionIds: WebhookSessionIds.optional(),
    description: WebhookDescription.optional(),
    headers: WebhookHeaders.optional(),
  })
  .strict();
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

/**
 * `PATCH /v1/webhooks/{id}`: only the fields given change. `sessionIds: null` = every session;
 * `headers` replaces the whole map; `paused: true` stops new deliveries (events that happen
 * while paused are not queued for this endpoint and resuming does not replay them).
 */
export const UpdateWebhookBody = z
  .object({
    url: WebhookUrl.optional(),
    events: WebhookEvents.optional(),
    sessionIds: WebhookSessionIds.nullable().optional(),
    description: WebhookDescription.nullable().optional(),
    headers: WebhookHeaders.optional(),
    paused: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: "give at least one field to change" });
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;

export const DEFAULT_SECRET_GRACE_SECONDS = 86_400;
export const MAX_SECRET_GRACE_SECONDS = 7 * 86_400;

/** `POST /v1/webhooks/{id}/rotate-secret`: how long the previous secret keeps signing (0 = revoke now). */
export const RotateWebhookSecretBody = z
  .object({ graceSeconds: z.number().int().min(0).max(MAX_SECRET_GRACE_SECONDS).default(DEFAULT_SECRET_GRACE_SECONDS) })
  .strict();
export type RotateWebhookSecretBody = z.infer<typeof RotateWebhookSecretBody>;

export const Webhook = z.object({
  id: WebhookId,
  url: z.string(),
  events: z.array(WebhookEventType),
  sessionIds: z.array(SessionId).nullable(),
  description: z.string().nullable(),
  /** first characters of the signing secret, to tell secrets apart */
  secretPrefix: z.string(),
  /** paused endpoints get no new deliveries */
  paused: z.boolean(),
  headers: z.record(z.string(), z.string()),
  /** the previous secret, still signing until `expiresAt` after a rotation; null otherwise */
  previousSecret: z.object({ secretPrefix: z.string(), expiresAt: z.string().datetime() }).nullable(),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
});
export type Webhook = z.infer<typeof Webhook>;

/** Returned once, at creation: the only time the signing secret is shown. */
export const CreatedWebhook = Webhook.extend({ secret: z.string() });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

/** Returned once, by a rotation: the only time the new secret is shown. */
export const RotatedWebhookSecret = Webhook.extend({ secret: z.string() });
export type RotatedWebhookSecret = z.infer<typeof RotatedWebhookSecret>;

export const DELIVERY_STATUSES = ["pending", "succeeded", "dead"] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const WebhookDelivery = z.object({
  id: DeliveryId,
  webhookId: WebhookId,
  eventId: EventId,
  eventType: z.string(),
  sessionId: SessionId.nullable(),
  status: DeliveryStatus,
  attempts: z.number().int().nonnegative(),
  /** HTTP status of the last attempt; null when none got an answer */
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.string().datetime(),
  lastAttemptAt: z.string().datetime().nullable(),
  nextAttemptAt: z.string().datetime().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/**
 * The JSON body POSTed to a tenant's endpoint. `id` is the event id: the same event is never
 * delivered with another id, so receivers deduplicate on it.
 */
export const WebhookPayload = z.object({
  id: EventId,
  type: z.string(),
  createdAt: z.string().datetime(),
  tenantId: TenantId,
  sessionId: SessionId.nullable(),
  data: z.unknown(),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;
