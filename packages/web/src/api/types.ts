/**
 * The API's shapes, from @wharf/contracts (the schemas the server validates with). This file
 * only gathers them for the dashboard; nothing here is a hand-written copy.
 */
export type {
  ApiKey,
  ApiKeyScope,
  AuditEntry,
  Chat,
  ConnectBody,
  CreatedApiKey,
  CreatedWebhook,
  CreateWebhookBody,
  DeliveryStatus,
  DemoPhone,
  DemoState,
  DisconnectInfo,
  EventLogEntry,
  EventLogType,
  HealthBody,
  LinkCredentials,
  MediaDescriptor,
  MediaKind,
  MediaUpload,
  Message,
  MessageActionFailure,
  MessageChange,
  MessageReaction,
  QuotedMessage,
  SendMessageBody,
  StoredMessageContent as MessageContent,
  MessageStatus,
  Page,
  RealtimeFrame,
  RealtimeToken,
  RotatedWebhookSecret,
  SendAccepted,
  SendTextBody,
  Session,
  SessionStatus,
  UpdateWebhookBody,
  Webhook,
  WebhookDelivery,
  WebhookEventType,
} from "@wharf/contracts";
export { MEDIA_MIMETYPES, MEDIA_SIZE_LIMITS, isMimetypeAllowed } from "@wharf/contracts";
export { MESSAGE_STATUSES, WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT } from "@wharf/contracts";
export { API_KEY_SCOPES, SCOPE_DESCRIPTIONS, SESSION_SCOPES } from "@wharf/contracts";
export {
  DEFAULT_SECRET_GRACE_SECONDS,
  EVENT_LOG_TYPES,
  MAX_WEBHOOK_HEADERS,
  isReservedWebhookHeader,
} from "@wharf/contracts";
