/**
 * Graph test: runs sst.config.ts's app() and run() against recording stand-ins for the SST
 * globals and checks the resources, their settings and the links between them.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { TABLE_SCHEMA } from "../packages/aws/src/dynamo/table-schema";
import { createSstStubs, FakeOutput, type Recorded } from "./testing/sst-stubs";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const stubs = createSstStubs();
stubs.install();

interface Config {
  app(input: { stage: string }): { name: string; home: string; removal?: string; protect?: boolean };
  run(): Promise<Record<string, unknown> | void>;
}
let config: Config;

beforeAll(async () => {
  config = (await import("../sst.config")).default as Config;
});

async function runStage(stage: string) {
  stubs.setStage(stage);
  const outputs = (await config.run()) as Record<string, unknown>;
  return { outputs, resources: [...stubs.resources] };
}

function find(resources: Recorded[], type: string, name: string): Recorded {
  const found = resources.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0]!;
}

function nameOf(resources: Recorded[], instance: unknown): string {
  const found = resources.find((r) => r.instance === instance);
  if (!found) throw new Error(`linked something that is not a component: ${String(instance)}`);
  return found.name;
}

function linkNames(resources: Recorded[], link: unknown[]): string[] {
  return link.map((l) => nameOf(resources, l)).sort();
}

function seconds(duration: string): number {
  const [count, unit] = duration.split(" ");
  const factor = unit!.startsWith("minute") ? 60 : unit!.startsWith("hour") ? 3600 : 1;
  return Number(count) * factor;
}

/** Every Lambda definition in the graph, with where it hangs. */
function lambdas(resources: Recorded[]) {
  const found: { where: string; fn: any; options?: any }[] = [];
  for (const r of resources) {
    for (const call of r.calls) {
      if (call.method === "route") found.push({ where: `${r.name} ${call.args[0]}`, fn: call.args[1] });
      if (call.method === "subscribe") found.push({ where: `${r.name} consumer`, fn: call.args[0], options: call.args[1] });
    }
    if (r.type === "sst.aws.CronV2") found.push({ where: r.name, fn: r.args.function });
  }
  return found;
}

const CONTROL_LINKS = [
  "AdminKey",
  "AuthStateKey",
  "Events",
  "Inboxes",
  "Placement",
  "Realtime",
  "Table",
  "TokenKey",
  "Webhooks",
].sort();

describe("app config", () => {
  it("retains and protects the production stage", () => {
    const app = config.app({ stage: "production" });
    expect(app).toMatchObject({ name: "wharf", home: "aws", removal: "retain", protect: true });
  });

  it("removes everything and protects nothing on other stages", () => {
    for (const stage of ["dev", "staging", "pr-42"]) {
      expect(config.app({ stage })).toMatchObject({ name: "wharf", home: "aws", removal: "remove", protect: false });
    }
  });
});

describe("resource graph (dev stage)", () => {
  let resources: Recorded[];
  let outputs: Record<string, unknown>;
  beforeAll(async () => {
    ({ resources, outputs } = await runStage("dev"));
  });

  it("creates exactly the expected components, each once", () => {
    const names = resources.map((r) => `${r.type} ${r.name}`).sort();
    expect(names).toEqual(
      [
        "sst.Secret AdminKey",
        "sst.Secret AuthStateKey",
        "sst.Secret TokenKey",
        "sst.aws.Dynamo Table",
        "sst.aws.Queue Placement",
        "sst.aws.Queue Events",
        "sst.aws.Queue EventsDlq",
        "sst.aws.Queue Webhooks",
        "sst.aws.Queue WebhooksDlq",
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
    expect(args.globalIndexes).toEqual({ gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" } });
    expect(args.fields).toEqual({ pk: "string", sk: "string", gsi1pk: "string", gsi1sk: "string" });
    expect(args.ttl).toBe("expiresAt");
    expect(args.deletionProtection).toBe(false);
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
    expect(webhooks.args.fifo).toBeFalsy();
    expect(webhooks.args.dlq.queue).toBe((dlq.instance as { arn: unknown }).arn);
    expect(webhooks.args.transform.queue.messageRetentionSeconds).toBeGreaterThan(24 * 3600);
    expect(dlq.args.transform.queue.messageRetentionSeconds).toBeGreaterThan(webhooks.args.transform.queue.messageRetentionSeconds);
  });

  it("keeps Placement a standard queue with no Lambda consumer (the fleet polls it)", () => {
    const placement = find(resources, "sst.aws.Queue", "Placement");
    expect(placement.args.fifo).toBeFalsy();
    expect(placement.calls).toEqual([]);
    for (const dlq of ["EventsDlq", "WebhooksDlq"]) expect(find(resources, "sst.aws.Queue", dlq).calls).toEqual([]);
  });

  it("subscribes the events and webhooks Lambdas with partial batch responses", () => {
    const expected = { Events: "events", Webhooks: "webhooks" } as const;
    for (const [queueName, handler] of Object.entries(expected)) {
      const queue = find(resources, "sst.aws.Queue", queueName);
      expect(queue.calls).toHaveLength(1);
      const [fn, options] = queue.calls[0]!.args;
      expect(fn.handler).toBe(`packages/control/src/lambda/${handler}.handler`);
      expect(options.batch.partialResponses).toBe(true);
      // AWS asks for a visibility timeout of at least 6× the consumer's timeout.
      expect(seconds(queue.args.visibilityTimeout)).toBeGreaterThanOrEqual(6 * seconds(fn.timeout));
    }
  });

  it("routes every HTTP request to the http handler", () => {
    const api = find(resources, "sst.aws.ApiGatewayV2", "Api");
    expect(api.calls.map((c) => [c.method, c.args[0], c.args[1].handler])).toEqual([
      ["route", "$default", "packages/control/src/lambda/http.handler"],
    ]);
    expect(seconds(api.calls[0]!.args[1].timeout)).toBeLessThanOrEqual(30);
  });

  it("routes $connect, $disconnect and $default to the ws handler", () => {
    const realtime = find(resources, "sst.aws.ApiGatewayWebSocket", "Realtime");
    expect(realtime.calls.map((c) => [c.args[0], c.args[1].handler])).toEqual([
      ["$connect", "packages/control/src/lambda/ws.handler"],
      ["$disconnect", "packages/control/src/lambda/ws.handler"],
      ["$default", "packages/control/src/lambda/ws.handler"],
    ]);
  });

  it("runs every Lambda on nodejs24.x with the full control-plane link set", () => {
    const all = lambdas(resources);
    expect(all.map((l) => l.where).sort()).toEqual(
      [
        "Api $default",
        "Events consumer",
        "Janitor",
        "Realtime $connect",
        "Realtime $default",
        "Realtime $disconnect",
        "Webhooks consumer",
      ].sort(),
    );
    for (const { where, fn } of all) {
      expect(fn.runtime, where).toBe("nodejs24.x");
      expect(fn.handler, where).toMatch(/^packages\/control\/src\/lambda\/[a-z]+\.handler$/);
      expect(linkNames(resources, fn.link), where).toEqual(CONTROL_LINKS);
    }
  });

  it("scopes inbox permissions to this stage's queue-name prefix", () => {
    const inboxes = find(resources, "sst.Linkable", "Inboxes");
    expect(inboxes.args.properties).toEqual({ queuePrefix: "wharf-dev-inbox-" });
    const [send] = inboxes.args.include;
    expect(send.actions).toContain("sqs:SendMessage");
    expect(String(send.resources[0])).toBe("arn:aws:sqs:eu-west-1:123456789012:wharf-dev-inbox-*");
  });

  it("builds the fleet service from packages/fleet/Dockerfile with its links and inbox rights", () => {
    const fleet = find(resources, "sst.aws.Service", "Fleet");
    expect(fleet.args.image).toEqual({ context: ".", dockerfile: "packages/fleet/Dockerfile" });
    expect(existsSync(`${repoRoot}/${fleet.args.image.context}/${fleet.args.image.dockerfile}`)).toBe(true);
    expect(fleet.args.cluster).toBe(find(resources, "sst.aws.Cluster", "Cluster").instance);
    expect(find(resources, "sst.aws.Cluster", "Cluster").args.vpc).toBe(find(resources, "sst.aws.Vpc", "Vpc").instance);
    // The fleet needs auth-state encryption, never the admin or token keys.
    expect(linkNames(resources, fleet.args.link)).toEqual(["AuthStateKey", "Events", "Inboxes", "Placement", "Table"]);

    const [inboxRights] = fleet.args.permissions;
    expect(inboxRights.actions).toEqual(expect.arrayContaining(["sqs:CreateQueue", "sqs:DeleteQueue", "sqs:ReceiveMessage"]));
    expect(String(inboxRights.resources[0])).toBe("arn:aws:sqs:eu-west-1:123456789012:wharf-dev-inbox-*");
    expect(fleet.args.scaling.min).toBeGreaterThanOrEqual(1);
    expect(fleet.args.scaling.max).toBeGreaterThanOrEqual(fleet.args.scaling.min);
  });

  it("gives fleet containers 120 s between SIGTERM and SIGKILL to drain", () => {
    const fleet = find(resources, "sst.aws.Service", "Fleet");
    const taskArgs = { containerDefinitions: JSON.stringify([{ name: "Fleet", image: "x" }]) as unknown };
    fleet.args.transform.taskDefinition(taskArgs, {}, "FleetTask");
    const definitions = JSON.parse((taskArgs.containerDefinitions as FakeOutput<string>).value);
    expect(definitions).toEqual([{ name: "Fleet", image: "x", stopTimeout: 120 }]);
  });

  it("runs the janitor every minute, finishing before the next run, allowed to delete dead inboxes", () => {
    const janitor = find(resources, "sst.aws.CronV2", "Janitor");
    expect(janitor.args.schedule).toBe("rate(1 minute)");
    expect(janitor.args.function.handler).toBe("packages/control/src/lambda/janitor.handler");
    expect(seconds(janitor.args.function.timeout)).toBeLessThan(60);
    const [deleteInboxes] = janitor.args.function.permissions;
    expect(deleteInboxes.actions).toEqual(["sqs:DeleteQueue"]);
    expect(String(deleteInboxes.resources[0])).toMatch(/:wharf-dev-inbox-\*$/);
  });

  it("builds the dashboard with the API and WebSocket URLs baked in", () => {
    const web = find(resources, "sst.aws.StaticSite", "Web");
    expect(web.args.path).toBe("packages/web");
    expect(web.args.build.output).toBe("dist");
    expect(web.args.build.command).toMatch(/pnpm@10\.34\.9 run build$/);
    expect(web.args.environment.VITE_API_URL).toBe((find(resources, "sst.aws.ApiGatewayV2", "Api").instance as { url: unknown }).url);
    expect(web.args.environment.VITE_WS_URL).toBe(
      (find(resources, "sst.aws.ApiGatewayWebSocket", "Realtime").instance as { url: unknown }).url,
    );
  });

  it("returns the URLs and table name as outputs", () => {
    expect(Object.keys(outputs).sort()).toEqual(["api", "realtime", "stage", "table", "web"]);
    expect(String(outputs.api)).toBe("https://Api.example");
    expect(String(outputs.realtime)).toBe("wss://Realtime.example");
    expect(String(outputs.web)).toBe("https://Web.example");
    expect(outputs.stage).toBe("dev");
  });
});

describe("resource graph (production stage)", () => {
  let resources: Recorded[];
  beforeAll(async () => {
    ({ resources } = await runStage("production"));
  });

  it("turns on table deletion protection", () => {
    expect(find(resources, "sst.aws.Dynamo", "Table").args.deletionProtection).toBe(true);
  });

  it("keeps at least two fleet workers so one can drain while the other serves", () => {
    expect(find(resources, "sst.aws.Service", "Fleet").args.scaling.min).toBeGreaterThanOrEqual(2);
  });

  it("names inbox queues after the production stage", () => {
    expect(find(resources, "sst.Linkable", "Inboxes").args.properties.queuePrefix).toBe("wharf-production-inbox-");
  });
});
