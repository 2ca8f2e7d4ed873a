/**
 * How every control-plane Lambda is built: one runtime, one architecture, one link set.
 * Each Lambda gets the same links because packages/aws resolves its config from SST
 * `Resource` once per cold start; a missing link would fail there, not in review.
 */

/** DESIGN §10: Node 20/22 leak one AsyncLocalStorage slot per Baileys socket; run 24. */
export const LAMBDA_RUNTIME = "nodejs24.x";

/** Handler paths, relative to the repo root where sst.config.ts lives. */
export const HANDLERS = {
  http: "packages/control/src/lambda/http.handler",
  ws: "packages/control/src/lambda/ws.handler",
  events: "packages/control/src/lambda/events.handler",
  webhooks: "packages/control/src/lambda/webhooks.handler",
  janitor: "packages/control/src/lambda/janitor.handler",
} as const;

export function controlFunction(
  handler: string,
  link: unknown[],
  overrides: Partial<sst.aws.FunctionArgs> = {},
): sst.aws.FunctionArgs {
  return {
    handler,
    runtime: LAMBDA_RUNTIME,
    // No native modules in packages/control, so the cheaper Graviton CPUs are safe.
    architecture: "arm64",
    memory: "512 MB",
    timeout: "30 seconds",
    link,
    ...overrides,
  };
}
