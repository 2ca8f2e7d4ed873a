/**
 * How every control-plane Lambda is built (one runtime, one architecture) and what each one
 * may touch. packages/aws resolves config from SST `Resource` once per cold start and only
 * requires what that entry point reads, so each Lambda links exactly that (DESIGN §12).
 */
import { MEDIA_READ, MEDIA_READ_WRITE, mediaGrant, sendGrant, tableGrant, type Grant } from "./access";
import { compileCacheEnv, compileCacheHook } from "./compile-cache.mjs";
import type { Queues } from "./queues";
import type { Secrets } from "./secrets";

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

export type ControlFunction = keyof typeof HANDLERS;

/**
 * esbuild plugins SST applies when bundling each Lambda (zod's English locale only, unused
 * workspace modules dropped, builtins through require and zlib on first use, stubs for what no
 * Lambda calls); bench/lambda-cold-start.mjs bundles with the same ones.
 */
export const ESBUILD_PLUGINS = "infra/esbuild-plugins.mjs";

/**
 * How SST bundles each Lambda. Splitting puts what is only imported dynamically (the SDK's
 * SSO/INI/STS credential providers, never used on Lambda; the QR encoder) in chunks loaded
 * on first use, so a cold start neither reads nor compiles them.
 */
export const LAMBDA_BUNDLING = { plugins: ESBUILD_PLUGINS, splitting: true } as const;

/** No native modules in packages/control, so the cheaper Graviton CPUs are safe. */
export const LAMBDA_ARCHITECTURE = "arm64";

/**
 * Runtime updates land only with a deploy, so the Node that made the bundle's compile cache
 * (the Lambda base image pulled by the same deploy, compile-cache.mjs) is the one that runs it.
 */
export const RUNTIME_MANAGEMENT = { updateRuntimeOn: "FunctionUpdate" } as const;

export interface FunctionAccess {
  link: unknown[];
  permissions: Grant[];
}

export function controlFunction(
  handler: string,
  access: FunctionAccess,
  overrides: Partial<sst.aws.FunctionArgs> = {},
): sst.aws.FunctionArgs {
  const { permissions = [], ...rest } = overrides;
  return {
    handler,
    runtime: LAMBDA_RUNTIME,
    architecture: LAMBDA_ARCHITECTURE,
    memory: "512 MB",
    timeout: "30 seconds",
    nodejs: LAMBDA_BUNDLING,
    // a V8 code cache of the bundle, made by the runtime's own Node (cold start: no top-level compile)
    hook: { postbuild: compileCacheHook({ handler, architecture: LAMBDA_ARCHITECTURE }) },
    transform: {
      function: (args) => {
        args.runtimeManagementConfig = RUNTIME_MANAGEMENT;
      },
    },
    link: access.link,
    // metrics as EMF on stdout, dimensioned by stage (packages/aws lambdaMetrics); Node finds
    // the shipped compile cache through NODE_COMPILE_CACHE
    environment: { WHARF_STAGE: $app.stage, WHARF_METRICS: "emf", ...compileCacheEnv() },
    ...rest,
    permissions: [...access.permissions, ...(permissions as Grant[])],
  };
}

export interface ControlResources {
  table: sst.aws.Dynamo;
  media: sst.aws.Bucket;
  queues: Queues;
  secrets: Secrets;
}

/**
 * What each Lambda links and may do. The data path (ws, events, webhooks and the http API's
 * session/message routes) needs the table, the Placement and Webhooks queues, the owners'
 * inboxes, the token key and the realtime API; only http checks the admin key; http and events
 * reach the media bucket (presigned URLs), and only under tenants/; nobody in the
 * control plane reads the auth-state keys (the fleet alone opens auth state). The Realtime
 * link is added where the WebSocket API exists (realtime.ts, index.ts).
 */
export function controlAccess({
  table,
  media,
  queues,
  secrets,
}: ControlResources): Record<ControlFunction, FunctionAccess> {
  const dataPath: FunctionAccess = {
    link: [table, queues.placement, queues.webhooks, queues.inboxes, secrets.tokenKey],
    permissions: [tableGrant(table), sendGrant(queues.placement, queues.webhooks)],
  };
  return {
    // presigns uploads (PUT) and downloads (GET), and checks an upload is there (HEAD)
    http: {
      link: [...dataPath.link, secrets.adminKey, media],
      permissions: [...dataPath.permissions, mediaGrant(media, MEDIA_READ_WRITE)],
    },
    ws: dataPath,
    // the queue subscription grants receive/delete on Events itself; a poison event goes
    // to its DLQ at once (processSqsBatch), so each consumer links and may send to its DLQ
    // frames and webhooks carry presigned GETs of received files
    events: {
      link: [...dataPath.link, queues.eventsDlq, media],
      permissions: [...dataPath.permissions, sendGrant(queues.eventsDlq), mediaGrant(media, MEDIA_READ)],
    },
    webhooks: {
      link: [...dataPath.link, queues.webhooksDlq],
      permissions: [...dataPath.permissions, sendGrant(queues.webhooksDlq)],
    },
    // the janitor also sends owner-lost status events, the way a worker does
    janitor: {
      link: [table, queues.placement, queues.events, queues.inboxes],
      permissions: [tableGrant(table), sendGrant(queues.placement, queues.events)],
    },
  };
}
