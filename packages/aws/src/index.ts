export * from "./dynamo/index";
export * from "./sqs/index";
export * from "./config";
export * from "./config-sst";
export * from "./data/index";
export { createCommandRouter, type CommandRouterOptions } from "./commands/command-router";
export { createManagementClient, createManagementPoster, type ManagementClientOptions } from "./realtime/management-poster";
export { createSecretBox, webhookSecretKey } from "./webhooks/secret-box";
export * from "./data-path-config";
