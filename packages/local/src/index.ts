export { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions, type RuntimeAwsClients } from "./runtime";
export { ensureLocalQueues, LOCAL_QUEUE_NAMES, type LocalQueueUrls } from "./local-queues";
export { loadOrCreateAdminKey, ADMIN_KEY_FILE } from "./admin-key";
export { parseCliArgs, USAGE, UsageError, type CliOptions } from "./cli";
export { repoRoot, defaultDataDir } from "./paths";
export * from "@wharf/emulators";
