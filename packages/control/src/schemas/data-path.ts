import "@hono/zod-openapi";
import {
  Chat,
  ConnectBody,
  Contact,
  CreateWebhookBody,
  CreatedWebhook,
  DeliveryId,
  EmptyBody,
  FleetView,
  LinkCredentials,
  Message,
  MessageId,
  OperationId,
  RealtimeToken,
  RealtimeTokenBody,
  SendAccepted,
  SendMessageBody,
  SessionId,
  Webhook,
  WebhookDelivery,
  WebhookId,
  pageOf,
} from "@wharf/contracts";
import { z } from "zod";

/** The data path's contracts schemas, named for the OpenAPI document (see openapi.ts). */
function named<T extends z.ZodType>(schema: T, refId: string): T {
  return schema.clone().openapi(refId);
}
function param<T extends z.ZodType>(schema: T, name: string, example: string): T {
  return schema.clone().openapi({ param: { name, in: "path" }, example });
}

export const ConnectBodySchema = named(ConnectBody, "ConnectBody");
export const EmptyBodySchema = named(EmptyBody, "EmptyBody");
export const LinkCredentialsSchema = named(LinkCredentials, "LinkCredentials");
export const SendMessageBodySchema = named(SendMessageBody, "SendMessageBody");
export const SendAcceptedSchema = named(SendAccepted, "SendAccepted");
export const MessageSchema = named(Message, "Message");
export const MessagePageSchema = named(pageOf(MessageSchema), "MessagePage");
export const ChatSchema = named(Chat, "Chat");
export const ChatPageSchema = named(pageOf(ChatSchema), "ChatPage");
export const ContactSchema = named(Contact, "Contact");
export const ContactPageSchema = named(pageOf(ContactSchema), "ContactPage");
export const CreateWebhookBodySchema = named(CreateWebhookBody, "CreateWebhookBody");
export const WebhookSchema = named(Webhook, "Webhook");
export const CreatedWebhookSchema = named(CreatedWebhook, "CreatedWebhook");
export const WebhookPageSchema = named(pageOf(WebhookSchema), "WebhookPage");
export const WebhookDeliverySchema = named(WebhookDelivery, "WebhookDelivery");
export const WebhookDeliveryPageSchema = named(pageOf(WebhookDeliverySchema), "WebhookDeliveryPage");
export const RealtimeTokenBodySchema = named(RealtimeTokenBody, "RealtimeTokenBody");
export const RealtimeTokenSchema = named(RealtimeToken, "RealtimeToken");
export const FleetViewSchema = named(FleetView, "FleetView");

const SES = "ses_01JD0000000000000000000000";
export const SessionParams = z.object({ id: param(SessionId, "id", SES) });
export const SessionMessageParams = z.object({
  id: param(SessionId, "id", SES),
  msgId: param(MessageId, "msgId", "msg_01JD0000000000000000000000"),
});
export const SessionChatParams = z.object({
  id: param(SessionId, "id", SES),
  jid: param(z.string().min(1).max(128), "jid", "4915123456789@s.whatsapp.net"),
});
export const SessionOperationParams = z.object({
  id: param(SessionId, "id", SES),
  operationId: param(OperationId, "operationId", "op_01JD0000000000000000000000"),
});
export const WebhookParams = z.object({ id: param(WebhookId, "id", "whk_01JD0000000000000000000000") });
export const DeliveryParams = z.object({ id: param(DeliveryId, "id", "dlv_01JD0000000000000000000000") });
export const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .optional()
    .openapi({ description: "Idempotency-Key: replays the first response for 24 h; never sends twice" }),
});
