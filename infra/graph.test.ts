/**
 * Graph test: runs sst.config.ts's app() and run() against recording stand-ins for the SST
 * globals and checks the resources, their settings and the links between them.
 * Least privilege, alarms and scaling have their own files (access, monitoring, scaling tests).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { TABLE_SCHEMA } from "../packages/aws/src/dynamo/table-schema";
import type { FakeOutput, Recorded } from "./testing/sst-stubs";
import { find, lambda, lambdas, linkNames, loadConfig, runStage, seconds, value, type Config } from "./testing/graph";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
let config: Config;

beforeAll(async () => {
  config = await loadConfig();
});

/** The stage the root README deploys with (its "Deploy with SST" runbook). */
const README_STAGE = "production";

describe("stage settings (app config)", () => {
  it("has no top-level imports in sst.config.ts (SST refuses them; app() and run() import what they use)", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync(`${repoRoot}/sst.config.ts`, "utf8");
    expect(source).not.toMatch(/^\s*import\s/m);
  });

  it("retains and protects production, the README's stage", async () => {
    for (const stage of ["production", README_STAGE]) {
      expect(await config.app({ stage })).toMatchObject({
        name: "wharf",
        home: "aws",
        removal: "retain",
        protect: true,
      });
    }
  });

  it("retains and protects staging, which CI deploys from main", async () => {
    expect(await config.app({ stage: "staging" })).toMatchObject({ removal: "retain", protect: true });
  });

  it("removes everything and protects nothing on personal and preview stages, including 'prod'", async () => {
    for (const stage of ["dev", "alice", "pr-42", "prod"]) {
      expect(await config.app({ stage })).toMatchObject({
        name: "wharf",
        home: "aws",
        removal: "remove",
        protect: false,
      });
    }
  });

  it("pins the AWS provider version", async () => {
    const { providers } = await config.app({ stage: "production" });
    expect(providers).toEqual({ aws: { version: expect.stringMatching(/^\d+\.\d+\.\d+$/) } });
  });

  it("documents the protected stage in the README's deploy steps", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(`${repoRoot}/README.md`, "utf8");
    const deploys = [...readme.matchAll(/sst deploy --stage ([a-z0-9-]+)/g)].map((m) => m[1]);
    expect(deploys).toContain(README_STAGE);
    expect(deploys).not.toContain("prod");
  });
});

describe("resource graph (personal dev stage)", () => {
  let resources: Recorded[];
  let outputs: Record<string, unknown>;
  beforeAll(async () => {
    ({ resources, outputs } = await runStage(config, "alice"));
  });

  it("creates exactly the expected components, each once", () => {
    const names = resources
      .filter((r) => r.type.startsWith("sst."))
      .map((r) => `${r.type} ${r.name}`)
      .sort();
    expect(names).toEqual(
      [
        "sst.Secret AdminKey",
        "sst.Secret AuthStateKey",
        "sst.Secret AuthStatePreviousKeys",
        "sst.Secret TokenKey",
        "sst.aws.Dynamo Table",
        "sst.aws.Bucket MediaBucket",
        "sst.aws.Queue Placement",
        "sst.aws.Queue PlacementDlq",
        "sst.aws.Queue Events",
        "sst.aws.Queue EventsDlq",
        "sst.aws.Queue Webhooks",
        "sst.aws.Queue WebhooksDlq",
        "sst.aws.Queue InboxesDlq",
        "sst.Linkable Inboxes",
        "sst.aws.ApiGatewayV2 Api",
        "sst.aws.ApiGatewayWebSocket Realtime",
        "sst.aws.Vpc Vpc",
        "sst.aws.Cluster Cluster",
        "sst.aws.Service Fleet",
        "sst.aws.StaticSite Web",
        "sst.aws.CronV2 Janitor",
      ].sort(),
    );
  });

  it("builds the table from the shared TABLE_SCHEMA, with the GSI and TTL", () => {
    const { args } = find(resources, "sst.aws.Dynamo", "Table");
    expect(args.primaryIndex).toEqual({ hashKey: TABLE_SCHEMA.partitionKey, rangeKey: TABLE_SCHEMA.sortKey });
    expect(args.primaryIndex).toEqual({ hashKey: "pk", rangeKey: "sk" });
    expect(args.globalIndexes).toEqual({
      gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
      gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk" },
    });
    expect(args.fields).toEqual({
      pk: "string",
      sk: "string",
      gsi1pk: "string",
      gsi1sk: "string",
      gsi2pk: "string",
      gsi2sk: "string",
    });
    expect(args.ttl).toBe("expiresAt");
    expect(args.deletionProtection).toBe(false);
  });

  it("keeps media in a bucket whose lifecycle deletes files under tenants/ after the stage's retention", () => {
    const { args } = find(resources, "sst.aws.Bucket", "MediaBucket");
    expect(args.lifecycle).toEqual([{ id: "expire-media", prefix: "tenants/", expiresIn: "7 days" }]);
    // the dashboard uploads from the browser straight to the presigned URL
    expect(args.cors).toBe(true);
    expect(outputs.media).toBe((find(resources, "sst.aws.Bucket", "MediaBucket").instance as { name: unknown }).name);
  });

  it("links the media bucket to the http and events Lambdas and the fleet only", () => {
    const media = find(resources, "sst.aws.Bucket", "MediaBucket").instance;
    for (const { where, fn } of lambdas(resources)) {
      const linked = ((fn.link ?? []) as unknown[]).includes(media);
      expect(linked, where).toBe(where === "Api $default" || where === "Events consumer");
    }
    const fleet = find(resources, "sst.aws.Service", "Fleet");
    expect(fleet.args.link).toContain(media);
    expect(fleet.args.environment.WHARF_MEDIA_BUCKET).toBe((media as { name: unknown }).name);
  });

  it("makes Events a FIFO queue dead-lettering into a FIFO DLQ", () => {
    const events = find(resources, "sst.aws.Queue", "Events");
    const dlq = find(resources, "sst.aws.Queue", "EventsDlq");
    expect(events.args.fifo).toBeTruthy();
    expect(dlq.args.fifo).toBe(true);
    expect(events.args.dlq.queue).toBe((dlq.instance as { arn: unknown }).arn);
    expect(events.args.dlq.retry).toBeGreaterThanOrEqual(3);
  });

  it("gives Webhooks a DLQ and keeps messages past the 24 h retry window", () => {
    const webhooks = find(resources, "sst.aws.Queue", "Webhooks");
    const dlq = find(resources, "sst.aws.Queue", "WebhooksDlq");
    expect(webhooks.args.dlq.queue).toBe((dlq.instance as { arn: unknown }).arn);
    expect(webhooks.args.transform.queue.messageRetentionSeconds).toBeGreaterThan(24 * 3600);
    expect(dlq.args.transform.queue.messageRetentionSeconds).toBeGreaterThan(
      webhooks.args.transform.queue.messageRetentionSeconds,
    );
  });

  it("makes Webhooks a FIFO queue, one high-throughput group per line, dead-lettering into a FIFO DLQ", () => {
    const webhooks = find(resources, "sst.aws.Queue", "Webhooks");
    const dlq = find(resources, "sst.aws.Queue", "WebhooksDlq");
    // deliveries of an endpoint for a session go out in event order (core job-order)
    expect(webhooks.args.fifo).toBe(true);
    expect(dlq.args.fifo).toBe(true);
    expect(webhooks.args.transform.queue).toMatchObject({
      deduplicationScope: "messageGroup",
      fifoThroughputLimit: "perMessageGroupId",
    });
  });

  it("dead-letters Placement only after the worker's own 30-receive give-up", () => {
    const placement = find(resources, "sst.aws.Queue", "Placement");
    const dlq = find(resources, "sst.aws.Queue", "PlacementDlq");
    expect(placement.args.fifo).toBeFalsy();
    expect(placement.calls).toEqual([]);
    expect(placement.args.dlq.queue).toBe((dlq.instance as { arn: unknown }).arn);
    expect(placement.args.dlq.retry).toBeGreaterThan(30);
    expect(dlq.args.transform.queue.messageRetentionSeconds).toBe(14 * 24 * 3600);
  });

  it("gives the workers' FIFO inboxes a shared FIFO DLQ outside the inbox name prefix", () => {
    const dlq = find(resources, "sst.aws.Queue", "InboxesDlq");
    expect(dlq.args.fifo).toBe(true);
    expect(dlq.calls).toEqual([]);
    const fleet = find(resources, "sst.aws.Service", "Fleet");
    expect(fleet.args.environment.WHARF_INBOX_DLQ_ARN).toBe((dlq.instance as { arn: unknown }).arn);
    expect(Number(fleet.args.environment.WHARF_INBOX_MAX_RECEIVES)).toBeGreaterThanOrEqual(3);
    // poison messages are dead-lettered by the worker itself, at their first receive
    const placementDlq = find(resources, "sst.aws.Queue", "PlacementDlq");
    expect(fleet.args.environment.WHARF_INBOX_DLQ_URL).toBe((dlq.instance as { url: unknown }).url);
    expect(fleet.args.environment.WHARF_PLACEMENT_DLQ_URL).toBe((placementDlq.instance as { url: unknown }).url);
    for (const name of ["PlacementDlq", "EventsDlq", "WebhooksDlq"])
      expect(find(resources, "sst.aws.Queue", name).calls).toEqual([]);
  });

  it("subscribes the events and webhooks Lambdas with partial batch responses and redrive consistent with their timeouts", () => {
    const expected = { Events: "events", Webhooks: "webhooks" } as const;
    for (const [queueName, handler] of Object.entries(expected)) {
      const queue = find(resources, "sst.aws.Queue", queueName);
      expect(queue.calls).toHaveLength(1);
      const [fn, options] = queue.calls[0]!.args;
      expect(fn.handler).toBe(`packages/control/src/lambda/${handler}.handler`);
      expect(options.batch.partialResponses).toBe(true);
      // AWS asks for a visibility timeout of at least 6× the consumer's timeout.
      expect(seconds(queue.args.visibilityTimeout)).toBeGreaterThanOrEqual(6 * seconds(fn.timeout));
      // a message is dead-lettered only after several full attempts
      expect(queue.args.dlq.retry).toBeGreaterThanOrEqual(5);
    }
  });

  it("routes every HTTP request to the http handler", () => {
    const api = find(resources, "sst.aws.ApiGatewayV2", "Api");
    expect(api.calls.map((c) => [c.method, c.args[0], c.args[1].handler])).toEqual([
      ["route", "$default", "packages/control/src/lambda/http.handler"],
    ]);
    expect(seconds(api.calls[0]!.args[1].timeout)).toBeLessThanOrEqual(30);
  });

  it("throttles the HTTP API's stage (the outer limit) from the stage's setting", () => {
    const api = find(resources, "sst.aws.ApiGatewayV2", "Api");
    expect(api.args.transform.stage.defaultRouteSettings).toEqual({
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
    });
  });

  it("routes $connect, $disconnect and $default to the ws handler", () => {
    const realtime = find(resources, "sst.aws.ApiGatewayWebSocket", "Realtime");
    expect(realtime.calls.map((c) => [c.args[0], c.args[1].handler])).toEqual([
      ["$connect", "packages/control/src/lambda/ws.handler"],
      ["$disconnect", "packages/control/src/lambda/ws.handler"],
      ["$default", "packages/control/src/lambda/ws.handler"],
    ]);
  });

  it("runs every Lambda on nodejs24.x with a stable per-stage name", () => {
    const all = lambdas(resources);
    expect(all.map((l) => [l.where, l.fn.name]).sort()).toEqual(
      [
        ["Api $default", "wharf-alice-http"],
        ["Events consumer", "wharf-alice-events"],
        ["Janitor", "wharf-alice-janitor"],
        ["Realtime $connect", "wharf-alice-ws-connect"],
        ["Realtime $default", "wharf-alice-ws-default"],
        ["Realtime $disconnect", "wharf-alice-ws-disconnect"],
        ["Webhooks consumer", "wharf-alice-webhooks"],
      ].sort(),
    );
    for (const { where, fn } of all) {
      expect(fn.runtime, where).toBe("nodejs24.x");
      expect(fn.handler, where).toMatch(/^packages\/control\/src\/lambda\/[a-z]+\.handler$/);
      // EMF metrics on, dimensioned by stage, Node pointed at the shipped compile cache; no
      // secret ever travels as plain environment
      expect(fn.environment, where).toEqual({
        WHARF_STAGE: "alice",
        WHARF_METRICS: "emf",
        NODE_COMPILE_CACHE: "/var/task/.node-compile-cache",
        NODE_COMPILE_CACHE_PORTABLE: "1",
      });
      // the cache is made after bundling, and the runtime only changes with a deploy (which remakes it)
      expect(typeof fn.hook?.postbuild, where).toBe("function");
      const transformed: Record<string, unknown> = {};
      fn.transform.function(transformed);
      expect(transformed, where).toEqual({ runtimeManagementConfig: { updateRuntimeOn: "FunctionUpdate" } });
      // bundled with the plugins and splitting the cold-start bench measures
      expect(fn.nodejs, where).toEqual({ plugins: "infra/esbuild-plugins.mjs", splitting: true });
      expect(existsSync(`${repoRoot}/${fn.nodejs.plugins}`)).toBe(true);
    }
  });

  it("links each Lambda only what its entry point reads", () => {
    const dataPath = ["Inboxes", "Placement", "Realtime", "Table", "TokenKey", "Webhooks"];
    const expected: Record<string, string[]> = {
      // http presigns uploads and downloads; events presigns downloads for frames and webhooks
      "Api $default": [...dataPath, "AdminKey", "MediaBucket"],
      "Realtime $connect": dataPath,
      "Realtime $disconnect": dataPath,
      "Realtime $default": dataPath,
      // each consumer dead-letters a poison message at once, to its own DLQ
      "Events consumer": [...dataPath, "EventsDlq", "MediaBucket"],
      "Webhooks consumer": [...dataPath, "WebhooksDlq"],
      Janitor: ["Events", "Inboxes", "Placement", "Table"],
    };
    for (const [where, links] of Object.entries(expected)) {
      expect(linkNames(resources, lambda(resources, where).link), where).toEqual([...links].sort());
    }
    // nobody in the control plane opens auth state
    for (const { where, fn } of lambdas(resources)) {
      expect(linkNames(resources, fn.link), where).not.toContain("AuthStateKey");
    }
  });

  it("scopes inbox sending to this stage's queue-name prefix", () => {
    const inboxes = find(resources, "sst.Linkable", "Inboxes");
    expect(inboxes.args.properties).toEqual({ queuePrefix: "wharf-alice-inbox-" });
    const [send] = inboxes.args.include;
    expect(send.actions).toEqual(["sqs:SendMessage"]);
    expect(String(send.resources[0])).toBe("arn:aws:sqs:eu-west-1:123456789012:wharf-alice-inbox-*");
  });

  it("builds the fleet service from packages/fleet/Dockerfile with its links, capacity and health check", () => {
    const fleet = find(resources, "sst.aws.Service", "Fleet");
    expect(fleet.args.image).toEqual({ context: ".", dockerfile: "packages/fleet/Dockerfile" });
    expect(existsSync(`${repoRoot}/${fleet.args.image.context}/${fleet.args.image.dockerfile}`)).toBe(true);
    expect(fleet.args.cluster).toBe(find(resources, "sst.aws.Cluster", "Cluster").instance);
    expect(find(resources, "sst.aws.Cluster", "Cluster").args.vpc).toBe(find(resources, "sst.aws.Vpc", "Vpc").instance);
    // no secret among the links: SST puts linked values into the task's plain environment
    expect(linkNames(resources, fleet.args.link)).toEqual(["Events", "Inboxes", "MediaBucket", "Placement", "Table"]);
    expect(fleet.args.environment.WHARF_FLEET_CAPACITY).toBe("500");
    expect(fleet.args.health.command).toEqual(["CMD", "node", "dist/main.js", "--health"]);
    expect(seconds(fleet.args.health.startPeriod)).toBeGreaterThanOrEqual(30);
  });

  it("passes the auth-state keys to the fleet as ECS secrets from one Secrets Manager secret", () => {
    const fleet = find(resources, "sst.aws.Service", "Fleet");
    const secret = find(resources, "aws.secretsmanager.Secret", "FleetSecrets");
    const arn = String((secret.instance as { arn: unknown }).arn);
    expect(Object.fromEntries(Object.entries(fleet.args.ssm).map(([k, v]) => [k, String(v)]))).toEqual({
      WHARF_AUTH_STATE_KEY: `${arn}:authStateKey::`,
      WHARF_AUTH_STATE_PREVIOUS_KEYS: `${arn}:authStatePreviousKeys::`,
    });
    for (const [name, v] of Object.entries(fleet.args.environment)) {
      expect(String(value(v)), name).not.toMatch(/AuthStateKey\.value|AuthStatePreviousKeys\.value/);
      expect(name).not.toMatch(/KEY$/);
    }
    const version = find(resources, "aws.secretsmanager.SecretVersion", "FleetSecretsValue");
    expect(version.args.secretId).toBe((secret.instance as { id: unknown }).id);
    expect(JSON.parse(String(value(version.args.secretString)))).toEqual({
      authStateKey: "<AuthStateKey.value>",
      authStatePreviousKeys: "<AuthStatePreviousKeys.value>",
    });
    expect(secret.args.recoveryWindowInDays).toBe(0);
  });

  it("lets the execution role read only the fleet's secret", () => {
    const fleet = find(resources, "sst.aws.Service", "Fleet");
    const args: { inlinePolicies?: { name: string; policy: unknown }[] } = {};
    fleet.args.transform.executionRole(args, {}, "FleetExecutionRole");
    const policy = JSON.parse(String(value(args.inlinePolicies![0]!.policy)));
    expect(policy.Statement).toEqual([
      { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: ["<FleetSecrets.arn>"] },
    ]);
  });

  it("gives fleet containers 120 s between SIGTERM and SIGKILL, more than the drain takes", () => {
    const fleet = find(resources, "sst.aws.Service", "Fleet");
    const taskArgs = { containerDefinitions: JSON.stringify([{ name: "Fleet", image: "x" }]) as unknown };
    fleet.args.transform.taskDefinition(taskArgs, {}, "FleetTask");
    const definitions = JSON.parse((taskArgs.containerDefinitions as FakeOutput<string>).value);
    expect(definitions).toEqual([{ name: "Fleet", image: "x", stopTimeout: 120 }]);
    expect(120 * 1000).toBeGreaterThanOrEqual(Number(fleet.args.environment.WHARF_DRAIN_TIMEOUT_MS) + 15_000);
  });

  it("runs the janitor every minute, finishing before the next run, allowed to delete dead inboxes", () => {
    const janitor = find(resources, "sst.aws.CronV2", "Janitor");
    expect(janitor.args.schedule).toBe("rate(1 minute)");
    expect(janitor.args.function.handler).toBe("packages/control/src/lambda/janitor.handler");
    expect(seconds(janitor.args.function.timeout)).toBeLessThan(60);
    const deleteInboxes = janitor.args.function.permissions.find((p: { actions: string[] }) =>
      p.actions.includes("sqs:DeleteQueue"),
    );
    expect(deleteInboxes.actions).toEqual(["sqs:DeleteQueue"]);
    expect(String(deleteInboxes.resources[0])).toMatch(/:wharf-alice-inbox-\*$/);
  });

  it("builds the dashboard with the API and WebSocket URLs baked in", () => {
    const web = find(resources, "sst.aws.StaticSite", "Web");
    expect(web.args.path).toBe("packages/web");
    expect(web.args.build.output).toBe("dist");
    expect(web.args.build.command).toMatch(/pnpm@10\.34\.9 run build$/);
    expect(web.args.environment.VITE_API_URL).toBe(
      (find(resources, "sst.aws.ApiGatewayV2", "Api").instance as { url: unknown }).url,
    );
    expect(web.args.environment.VITE_WS_URL).toBe(
      (find(resources, "sst.aws.ApiGatewayWebSocket", "Realtime").instance as { url: unknown }).url,
    );
  });

  it("returns the URLs, table and bucket names and alarm topic as outputs", () => {
    expect(Object.keys(outputs).sort()).toEqual(["alarms", "api", "media", "realtime", "stage", "table", "web"]);
    expect(String(outputs.api)).toBe("https://Api.example");
    expect(String(outputs.realtime)).toBe("wss://Realtime.example");
    expect(String(outputs.web)).toBe("https://Web.example");
    expect(outputs.stage).toBe("alice");
  });

  it("sizes a personal stage small and lets it go", () => {
    const fleet = find(resources, "sst.aws.Service", "Fleet");
    expect(fleet.args.scaling).toMatchObject({ min: 1, max: 2 });
    expect(find(resources, "aws.secretsmanager.Secret", "FleetSecrets").args.recoveryWindowInDays).toBe(0);
  });
});

describe("resource graph (production stage)", () => {
  let resources: Recorded[];
  beforeAll(async () => {
    ({ resources } = await runStage(config, "production"));
  });

  it("throttles the production API stage higher than a dev stage", () => {
    expect(find(resources, "sst.aws.ApiGatewayV2", "Api").args.transform.stage.defaultRouteSettings).toEqual({
      throttlingRateLimit: 2000,
      throttlingBurstLimit: 4000,
    });
  });

  it("turns on table deletion protection", () => {
    expect(find(resources, "sst.aws.Dynamo", "Table").args.deletionProtection).toBe(true);
  });

  it("keeps media for the default 30 days", () => {
    expect(find(resources, "sst.aws.Bucket", "MediaBucket").args.lifecycle).toEqual([
      { id: "expire-media", prefix: "tenants/", expiresIn: "30 days" },
    ]);
  });

  it("sizes the fleet for load: two workers at least, 2 000 sessions each, 2 vCPU / 8 GB", () => {
    const fleet = find(resources, "sst.aws.Service", "Fleet");
    expect(fleet.args.scaling).toMatchObject({ min: 2, max: 20, cpuUtilization: false, memoryUtilization: false });
    expect(fleet.args).toMatchObject({ cpu: "2 vCPU", memory: "8 GB" });
    expect(fleet.args.environment.WHARF_FLEET_CAPACITY).toBe("2000");
  });

  it("keeps a deleted fleet secret recoverable and logs for three months", () => {
    expect(find(resources, "aws.secretsmanager.Secret", "FleetSecrets").args.recoveryWindowInDays).toBe(7);
    expect(find(resources, "sst.aws.Service", "Fleet").args.logging.retention).toBe("3 months");
  });

  it("names inbox queues and Lambdas after the production stage", () => {
    expect(find(resources, "sst.Linkable", "Inboxes").args.properties.queuePrefix).toBe("wharf-production-inbox-");
    expect(lambda(resources, "Api $default").name).toBe("wharf-production-http");
  });
});

describe("resource graph (staging stage)", () => {
  it("protects staging's data but sizes it smaller than production", async () => {
    const { resources } = await runStage(config, "staging");
    expect(find(resources, "sst.aws.Dynamo", "Table").args.deletionProtection).toBe(true);
    const fleet = find(resources, "sst.aws.Service", "Fleet");
    expect(fleet.args.scaling).toMatchObject({ min: 2, max: 6 });
    expect(fleet.args.environment.WHARF_FLEET_CAPACITY).toBe("1000");
  });
});
