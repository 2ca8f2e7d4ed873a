import { systemClock, type Metrics } from "@wharf/core";
import { handle } from "hono/aws-lambda";
import packageJson from "../../package.json";
import { createApp } from "../app";
import { bootstrapLambda } from "./bootstrap";
import { composeForLambda, DATA_PATH_SETTINGS } from "./data-lambda";

/** Builds the API Gateway HTTP handler; `http.ts` calls it once per cold start. */
export function createHttpHandler(env: Record<string, string | undefined>, resource?: object, metrics?: Metrics) {
  const runtime = bootstrapLambda("http", env, resource, ["adminKeyHash", ...DATA_PATH_SETTINGS]);
  const { config, logger, repos } = runtime;
  const data = composeForLambda(runtime, env, resource).app;
  const app = createApp({
    repos,
    clock: systemClock,
    // loadConfig guarantees it when "adminKeyHash" is required
    adminKeyHash: config.adminKeyHash as string,
    logger,
    version: packageJson.version,
    data,
    auditRetentionDays: config.auditRetentionDays,
    ...(metrics ? { metrics } : {}),
  });
  return handle(app);
}
