import { z } from "zod";
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

export const CreateWebhookBody = z
  .object({
    url: WebhookUrl,
    events: z
      .array(WebhookEventType)
      .min(1)
      .max(WEBHOOK_EVENT_TYPES.length)
      .refine((e) => new Set(e).size === e.length, { message: "event types must not repeat" }),
    /** only events of these sessions; absent = every session of the tenant */
    sessionIds: z.array(SessionId).min(1).max(100).optional(),
    description: z.string().trim().max(200).optional(),
  })
  .strict();
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export const Webhook = z.object({
  id: WebhookId,
  url: z.string(),
  events: z.array(WebhookEventType),
  sessionIds: z.array(SessionId).nullable(),
  description: z.string().nullable(),
  /** first characters of the signing secret, to tell secrets apart */
  secretPrefix: z.string(),
  createdAt: z.string().datetime(),
});
export type Webhook = z.infer<typeof Webhook>;

/** Returned once, at creation: the only time the signing secret is shown. */
export const CreatedWebhook = Webhook.extend({ secret: z.string() });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

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
