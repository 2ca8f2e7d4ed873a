/**
 * The API's shapes, from @wharf/contracts (the schemas the server validates with). This file
 * only gathers them for the dashboard; nothing here is a hand-written copy.
 */
export type {
  ApiKey,
  Chat,
  ConnectBody,
  CreatedApiKey,
  CreatedWebhook,
  CreateWebhookBody,
  DeliveryStatus,
  DemoPhone,
  DemoState,
  DisconnectInfo,
  HealthBody,
  LinkCredentials,
  Message,
  MessageContent,
  MessageStatus,
  Page,
  RealtimeFrame,
  RealtimeToken,
  SendAccepted,
  SendTextBody,
  Session,
  SessionStatus,
  Webhook,
  WebhookDelivery,
  WebhookEventType,
} from "@wharf/contracts";
export { MESSAGE_STATUSES, WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT } from "@wharf/contracts";


