import { systemClock } from "@wharf/core";
import { handle } from "hono/aws-lambda";
import packageJson from "../../package.json";
import { createApp } from "../app";
import { bootstrapLambda } from "./bootstrap";

/** Builds the API Gateway HTTP handler; `http.ts` calls it once per cold start. */
export function createHttpHandler(env: Record<string, string | undefined>, resource?: object) {
  const { config, logger, repos } = bootstrapLambda("http", env, resource, ["adminKeyHash"]);
  const app = createApp({
    repos,
    clock: systemClock,
    // loadConfig guarantees it when "adminKeyHash" is required
    adminKeyHash: config.adminKeyHash as string,
    logger,
    version: packageJson.version,
  });
  return handle(app);
}
