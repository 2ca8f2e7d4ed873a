/**
 * Least privilege (DESIGN §12): every statement a function or the fleet gets lists its
 * actions, no `*`; each reaches only the resources it uses, with only the actions it calls.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  actionsOn,
  effectivePermissions,
  find,
  lambda,
  lambdas,
  loadConfig,
  runStage,
  type StageGraph,
} from "./testing/graph";

let graph: StageGraph;
const arn = (name: string) => `<${name}.arn>`;

beforeAll(async () => {
  graph = await runStage(await loadConfig(), "production");
});

function permissionsOf(where: string) {
  return effectivePermissions(graph, lambda(graph.resources, where));
}

function fleetPermissions() {
  return effectivePermissions(graph, find(graph.resources, "sst.aws.Service", "Fleet").args);
}

describe("IAM actions", () => {
  it("never grants a wildcard action to any Lambda or the fleet", () => {
    const holders = [
      ...lambdas(graph.resources).map((l) => [l.where, l.fn] as const),
      ["Fleet", find(graph.resources, "sst.aws.Service", "Fleet").args] as const,
    ];
    for (const [where, holder] of holders) {
      for (const statement of effectivePermissions(graph, holder)) {
        expect(statement.actions.length, where).toBeGreaterThan(0);
        for (const action of statement.actions) expect(action, where).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
      }
    }
  });

  it("links tables, queues and buckets by properties only (their default links grant dynamodb:* / sqs:* / s3:*)", () => {
    const wrapped = graph.wraps.map((w) => w.cls);
    expect(wrapped).toContain((globalThis as any).sst.aws.Dynamo);
    expect(wrapped).toContain((globalThis as any).sst.aws.Queue);
    expect(wrapped).toContain((globalThis as any).sst.aws.Bucket);
    for (const w of graph.wraps) expect(w.cb({ name: "n", url: "u" }).include ?? []).toEqual([]);
  });

  it("lets nobody scan the table (the fleet view and the janitor query the gsi1/gsi2 indexes)", () => {
    for (const { where } of lambdas(graph.resources)) {
      const actions = permissionsOf(where).flatMap((statement) => statement.actions);
      expect(actions, where).not.toContain("dynamodb:Scan");
    }
    for (const where of ["Api $default", "Janitor"])
      expect(actionsOn(permissionsOf(where), arn("Table")), where).toContain("dynamodb:Query");
    expect(actionsOn(fleetPermissions(), arn("Table"))).not.toContain("dynamodb:Scan");
  });

  it("lets the data-path Lambdas send to Placement and Webhooks but never to Events", () => {
    for (const where of ["Api $default", "Realtime $connect", "Events consumer", "Webhooks consumer"]) {
      const statements = permissionsOf(where);
      expect(actionsOn(statements, arn("Placement")), where).toEqual(["sqs:SendMessage"]);
      expect(actionsOn(statements, arn("Webhooks")), where).toContain("sqs:SendMessage");
      expect(actionsOn(statements, arn("Events")), where).toEqual([]);
      expect(actionsOn(statements, "arn:aws:sqs:eu-west-1:123456789012:wharf-production-inbox-*"), where).toEqual([
        "sqs:SendMessage",
      ]);
    }
    expect(actionsOn(permissionsOf("Webhooks consumer"), arn("Webhooks"))).toEqual([
      "sqs:ChangeMessageVisibility",
      "sqs:SendMessage",
    ]);
  });

  it("lets the janitor send placements and owner-lost events and delete inboxes, nothing else on SQS", () => {
    const statements = permissionsOf("Janitor");
    expect(actionsOn(statements, arn("Placement"))).toEqual(["sqs:SendMessage"]);
    expect(actionsOn(statements, arn("Events"))).toEqual(["sqs:SendMessage"]);
    expect(actionsOn(statements, "arn:aws:sqs:eu-west-1:123456789012:wharf-production-inbox-*")).toEqual([
      "sqs:DeleteQueue",
      "sqs:SendMessage",
    ]);
    expect(actionsOn(statements, arn("Webhooks"))).toEqual([]);
  });

  it("lets the fleet consume Placement, send events, own its inbox and protect its own task", () => {
    const statements = fleetPermissions();
    expect(actionsOn(statements, arn("Placement"))).toEqual(
      [
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:ReceiveMessage",
        "sqs:SendMessage",
      ].sort(),
    );
    expect(actionsOn(statements, arn("Events"))).toEqual(["sqs:SendMessage"]);
    expect(actionsOn(statements, arn("Webhooks"))).toEqual([]);
    expect(actionsOn(statements, "arn:aws:sqs:eu-west-1:123456789012:wharf-production-inbox-*")).toEqual(
      expect.arrayContaining(["sqs:CreateQueue", "sqs:SetQueueAttributes", "sqs:ReceiveMessage", "sqs:DeleteQueue"]),
    );
    expect(actionsOn(statements, "arn:aws:ecs:eu-west-1:123456789012:task/<Cluster.clusterName>/*")).toEqual([
      "ecs:GetTaskProtection",
      "ecs:UpdateTaskProtection",
    ]);
  });

  it("lets http presign uploads and downloads, events presign downloads, the fleet read and store files — under tenants/ only", () => {
    const objects = "<MediaBucket.arn>/tenants/*";
    expect(actionsOn(permissionsOf("Api $default"), objects)).toEqual(["s3:GetObject", "s3:PutObject"]);
    expect(actionsOn(permissionsOf("Events consumer"), objects)).toEqual(["s3:GetObject"]);
    expect(actionsOn(fleetPermissions(), objects)).toEqual(["s3:GetObject", "s3:PutObject"]);
    for (const where of ["Realtime $connect", "Webhooks consumer", "Janitor"])
      expect(actionsOn(permissionsOf(where), objects), where).toEqual([]);
    // nothing on the bucket itself (no listing, no policy changes) and nothing outside tenants/
    const holders = [...lambdas(graph.resources).map((l) => permissionsOf(l.where)), fleetPermissions()];
    for (const statements of holders) {
      expect(actionsOn(statements, arn("MediaBucket"))).toEqual([]);
      for (const st of statements.filter((x) => x.actions.some((a) => a.startsWith("s3:"))))
        expect(st.resources).toEqual([objects]);
    }
  });
});
