export * from "./dynamo/index";
export * from "./sqs/index";
export * from "./config";
export * from "./config-sst";
export * from "./stores/index";
export * from "./media/index";
export { createS3MediaObjects } from "./s3/media-objects";
export { createCommandRouter, type CommandRouterOptions } from "./commands/command-router";
export {
  createManagementClient,
  createManagementCloser,
  createManagementPoster,
  type ManagementClient,
  type ManagementClientOptions,
} from "./realtime/management-poster";
export { createSecretBox, isLegacySealed, webhookSecretKey } from "./webhooks/secret-box";
export { withResealedSecrets } from "./webhooks/reseal";
export { createLimitStore, limitKeys } from "./limits/limit-store";
export * from "./data-path-config";
export * from "./auth-state/index";
export {
  OutboundRequestError,
  createPinnedHttp,
  type PinnedHttp,
  type PinnedHttpOptions,
  type PinnedRequest,
  type PinnedResponse,
  type PinnedStreamResponse,
  type ResolveAll,
} from "./outbound/pinned-http";
export * from "./fleet/index";
export { createStdoutMetrics } from "./metrics/stdout-metrics";
export { countSdkCalls, type SdkCallCounter } from "./metrics/sdk-call-counter";
export { createEcsTaskProtection } from "./ecs/task-protection";
export { lambdaMetrics, meterHttp, meterSqsBatch, type SqsMeterOptions } from "./metrics/lambda-metrics";
