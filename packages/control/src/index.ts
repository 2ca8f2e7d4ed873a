export { createApp, MAX_BODY_BYTES } from "./app";
export type { AppDeps, AppEnv, AppVariables, ExtraRouteKit, TenantEnv } from "./env";
export { HTTP_STATUS_BY_CODE } from "./http/errors";
export { OPENAPI_PATH, DOCS_PATH } from "./routes/docs";
export type { DataPathDeps } from "./env";
export { composeDataPath, type DataPathOptions } from "./compose";
export { createEventsHandler, type EventsHandlerDeps } from "./lambda/events-handler";
export { createWebhooksHandler, type WebhooksHandlerDeps } from "./lambda/webhooks-handler";
export { createWsHandler, type WsHandlerDeps, type WebSocketEvent } from "./lambda/ws-handler";
export { processSqsBatch, type SqsBatchOptions, type SqsConsumerWiring } from "./sqs/batch";
export {
  mintRealtimeToken,
  verifyRealtimeToken,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type RealtimeClaims,
} from "./realtime/tokens";
export { createUrlGuard, type UrlGuardOptions } from "./webhooks/url-guard";
export { createHttpTransport } from "./webhooks/http-transport";
