import { createApiKeyStore, createConnectionStore } from "@wharf/aws";
import { systemClock } from "@wharf/core";
import { Resource } from "sst/resource";
import { bootstrapLambda, DATA_PATH_SETTINGS } from "./bootstrap";
import { createWsHandler } from "./ws-handler";

/**
 * Lambda "ws" ($connect, $disconnect, $default of the realtime API). Composition runs once
 * per cold start and builds only what the handler uses (the connection store), the same
 * deps composeDataPath gives it (connections, and API keys for the revocation check),
 * without the SQS and management clients.
 */
const { config, logger, doc } = bootstrapLambda("ws", process.env, Resource, DATA_PATH_SETTINGS);
const table = { doc, tableName: config.tableName };
export const handler = createWsHandler({
  connections: createConnectionStore(table),
  apiKeys: createApiKeyStore(table),
  tokenKey: config.tokenKey as string,
  clock: systemClock,
  logger: logger.child({ fn: "ws" }),
});
