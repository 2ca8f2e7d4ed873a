import { systemClock } from "@wharf/core";
import { handle } from "hono/aws-lambda";
import packageJson from "../../package.json";
import { createApp } from "../app";
import { bootstrapLambda } from "./bootstrap";
import { composeForLambda, hasDataPathSettings } from "./data-lambda";

/** Builds the API Gateway HTTP handler; `http.ts` calls it once per cold start. */
export function createHttpHandler(env: Record<string, string | undefined>, resource?: object) {
  const runtime = bootstrapLambda("http", env, resource, ["adminKeyHash"]);
  const { config, logger, repos } = runtime;
  // Deployed stages link every queue and the token key; without them only the core API runs.
  const data = hasDataPathSettings(runtime) ? composeForLambda(runtime, env, resource).app : undefined;
  if (!data)
    logger.warn(
      "data path not configured (placement/webhooks queue or token key missing): session control, messages and webhooks are off",
    );
  const app = createApp({
    repos,
    clock: systemClock,
    // loadConfig guarantees it when "adminKeyHash" is required
    adminKeyHash: config.adminKeyHash as string,
    logger,
    version: packageJson.version,
    ...(data ? { data } : {}),
  });
  return handle(app);
}
