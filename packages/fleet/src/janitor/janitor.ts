import { DeleteQueueCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoContext } from "@wharf/aws";
import type { PlacementMessage } from "@wharf/contracts";
import type { QueueSender } from "@wharf/core";
import type { Logger } from "pino";
import { placementMessage } from "../commands/placement";
import { isWorkerAlive, WorkerRegistry } from "../registry/worker-registry";

/**
 * Reconciliation (DESIGN §4): re-place sessions that want to be connected but have no live
 * lease, and reap dead workers (their sessions re-placed, their inboxes deleted). Runs in the
 * janitor Lambda on a cron, on an interval locally, and (reaping only) inside every worker so
 * a crashed worker's sessions move within seconds rather than at the next cron tick.
 */
export interface JanitorDeps {
  ctx: DynamoContext;
  sqs: SQSClient;
  placement: QueueSender<PlacementMessage>;
  now: () => Date;
  logger: Logger;
  /** a worker is dead after this long without a heartbeat */
  workerTtlMs: number;
  /** which fleet's workers to reap: the inbox queue prefix (one per stage) */
  fleet: string;
  /** who is reaping (a worker id, or "janitor") */
  reaper?: string;
}

export interface ReapReport {
  deadWorkers: string[];
  placed: number;
  inboxesDeleted: number;
}

export interface JanitorReport extends ReapReport {
  scannedSessions: number;
  orphanedSessions: number;
}

export async function reapDeadWorkers(deps: JanitorDeps): Promise<ReapReport> {
  const registry = new WorkerRegistry(deps.ctx, deps.fleet);
  const now = deps.now();
  const report: ReapReport = { deadWorkers: [], placed: 0, inboxesDeleted: 0 };
  for (const w of await registry.list()) {
    // a draining worker still heart-beats and hands its sessions over itself; and a worker
    // never reaps itself (a stalled heartbeat of its own is not proof it is dead)
    if (w.id === deps.reaper || isWorkerAlive(w, now, deps.workerTtlMs)) continue;
    if (!(await registry.claimReap(w.id, deps.reaper ?? "janitor", now, deps.workerTtlMs))) continue;
    const owned = await registry.ownedBy(w.id);
    const messages = owned.map((o) => ({
      body: placementMessage({ ...o, epoch: 0, reason: "dead_worker" }, now),
      opts: {},
    }));
    if (messages.length > 0) await deps.placement.sendBatch(messages);
    if (await deleteQueue(deps.sqs, w.inboxUrl)) report.inboxesDeleted++;
    await registry.remove(w.id);
    report.deadWorkers.push(w.id);
    report.placed += messages.length;
    deps.logger.warn({ deadWorker: w.id, sessions: owned.length }, "reaped a dead worker: its sessions are placed again");
  }
  return report;
}

/** Sessions with desiredState connected whose lease is missing or expired get a placement. */
export async function placeOrphanedSessions(deps: JanitorDeps): Promise<{ scanned: number; orphaned: number }> {
  const now = deps.now();
  let scanned = 0;
  let orphaned = 0;
  let start: Record<string, unknown> | undefined;
  do {
    // A scan: fine for a once-a-minute janitor at this size; a sparse "wants connection" index
    // is the next step when tables grow (see README).
    const res = await deps.ctx.doc.send(
      new ScanCommand({
        TableName: deps.ctx.tableName,
        FilterExpression: "entity = :session AND desiredState = :connected AND (attribute_not_exists(leaseOwner) OR leaseUntil < :now)",
        ExpressionAttributeValues: { ":session": "session", ":connected": "connected", ":now": now.toISOString() },
        ProjectionExpression: "tenantId, id, leaseEpoch",
        ExclusiveStartKey: start,
      }),
    );
    scanned += res.ScannedCount ?? 0;
    const items = res.Items ?? [];
    if (items.length > 0) {
      await deps.placement.sendBatch(
        items.map((item) => ({
          body: placementMessage({ tenantId: String(item.tenantId), sessionId: String(item.id), epoch: Number(item.leaseEpoch ?? 0), reason: "janitor" }, now),
        })),
      );
      orphaned += items.length;
    }
    start = res.LastEvaluatedKey;
  } while (start);
  if (orphaned > 0) deps.logger.info({ orphaned }, "placed sessions that want a connection but have no live lease");
  return { scanned, orphaned };
}

/** One janitor run: reap dead workers first (their leases may still look live), then orphans. */
export async function runJanitor(deps: JanitorDeps): Promise<JanitorReport> {
  const reaped = await reapDeadWorkers(deps);
  const { scanned, orphaned } = await placeOrphanedSessions(deps);
  return { ...reaped, scannedSessions: scanned, orphanedSessions: orphaned };
}

/** Deletes a queue; false when it was already gone. */
export async function deleteQueue(sqs: SQSClient, queueUrl: string): Promise<boolean> {
  try {
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    return true;
  } catch (err) {
    const name = (err as { name?: string }).name ?? "";
    if (name.includes("NonExistentQueue") || name.includes("QueueDoesNotExist")) return false;
    throw err;
  }
}
