import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { WORKER_ALIVE_MS, type WorkerRecord, type WorkerRegistry, type WorkerState } from "@wharf/core";
import { batchDelete, batchPut } from "../dynamo/batch-delete";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { DAY_SECONDS, ENTITY, epochSeconds, keys } from "../dynamo/keys";
import { queryAll } from "../dynamo/query-pages";

/**
 * The worker registry over the table (layout in dynamo/keys.ts). A worker's item is its
 * liveness for all its sessions: every heartbeat sets `liveUntil` = now + `workerTtlMs`
 * (see worker-liveness.ts), which claimers check instead of per-session lease expiry. Items carry a DynamoDB TTL
 * of a day as a last resort; live workers and reapers delete them explicitly. `fleet` names
 * one fleet sharing the table (the inbox queue prefix: one per stage); list() returns only
 * its own workers, so one fleet never reaps another's. (The admin fleet view reads these
 * items too.)
 */
export function createWorkerRegistry(
  ctx: DynamoContext,
  fleet: string,
  opts: { workerTtlMs?: number } = {},
): WorkerRegistry {
  const { doc, tableName: TableName } = ctx;
  const expiry = (now: Date) => epochSeconds(now) + DAY_SECONDS;
  const ttlMs = opts.workerTtlMs ?? WORKER_ALIVE_MS;
  const liveUntil = (now: Date) => new Date(now.getTime() + ttlMs).toISOString();

  const ownership = new TurnBatchedPuts(ctx);

  const registry: WorkerRegistry = {
    async register(w, now) {
      await doc.send(
        new PutCommand({
          TableName,
          Item: {
            ...keys.worker(w.id),
            gsi1pk: keys.workersIndexPk,
            gsi1sk: w.id,
            entity: ENTITY.worker,
            fleet,
            id: w.id,
            inboxUrl: w.inboxUrl,
            capacity: w.capacity,
            startedAt: w.startedAt,
            load: 0,
            state: "running",
            heartbeatAt: now.toISOString(),
            liveUntil: liveUntil(now),
            expiresAt: expiry(now),
          },
        }),
      );
    },

    async heartbeat(id, update, now) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName,
            Key: keys.worker(id),
            UpdateExpression:
              "SET heartbeatAt = :now, liveUntil = :until, #load = :load, #state = :state, expiresAt = :exp",
            // a worker whose liveness lapsed may have lost any session to a claimer: it must
            // let them all go (false) rather than quietly come back to life
            ConditionExpression:
              "attribute_exists(pk) AND attribute_not_exists(reapedBy) AND (attribute_not_exists(liveUntil) OR liveUntil >= :now)",
            ExpressionAttributeNames: { "#load": "load", "#state": "state" },
            ExpressionAttributeValues: {
              ":now": now.toISOString(),
              ":until": liveUntil(now),
              ":load": update.load,
              ":state": update.state,
              ":exp": expiry(now),
            },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionalCheckFailed(err)) return false;
        throw err;
      }
    },

    async get(id) {
      const res = await doc.send(new GetCommand({ TableName, Key: keys.worker(id), ConsistentRead: true }));
      return res.Item ? toRecord(res.Item) : null;
    },

    async list() {
      const items = await queryAll(ctx, {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :w",
        FilterExpression: "fleet = :fleet",
        ExpressionAttributeValues: { ":w": keys.workersIndexPk, ":fleet": fleet },
      });
      return items.map(toRecord);
    },

    async claimReap(id, reaper, now, ttlMs, claimTtlMs = ttlMs) {
      const cutoff = new Date(now.getTime() - ttlMs).toISOString();
      const claimCutoff = new Date(now.getTime() - claimTtlMs).toISOString();
      try {
        await doc.send(
          new UpdateCommand({
            TableName,
            Key: keys.worker(id),
            UpdateExpression: "SET reapedBy = :me, reapedAt = :now",
            ConditionExpression:
              "attribute_exists(pk) AND heartbeatAt < :cutoff AND (attribute_not_exists(reapedAt) OR reapedAt < :claimCutoff)",
            ExpressionAttributeValues: {
              ":me": reaper,
              ":now": now.toISOString(),
              ":cutoff": cutoff,
              ":claimCutoff": claimCutoff,
            },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionalCheckFailed(err)) return false;
        throw err;
      }
    },

    recordOwnership(workerId, o, now) {
      return ownership.put({
        ...keys.ownership(workerId, o),
        entity: ENTITY.workerSession,
        tenantId: o.tenantId,
        sessionId: o.sessionId,
        expiresAt: expiry(now),
      });
    },

    async dropOwnership(workerId, o) {
      await doc.send(new DeleteCommand({ TableName, Key: keys.ownership(workerId, o) }));
    },

    async ownedBy(workerId) {
      const items = await queryAll(ctx, {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :owns)",
        ExpressionAttributeValues: { ":pk": keys.workerPk(workerId), ":owns": keys.ownershipSkPrefix },
        ConsistentRead: true,
      });
      return items.map((item) => ({ tenantId: String(item.tenantId), sessionId: String(item.sessionId) }));
    },

    async remove(workerId) {
      const owned = await registry.ownedBy(workerId);
      await batchDelete(ctx, [...owned.map((o) => keys.ownership(workerId, o)), keys.worker(workerId)]);
    },
  };
  return registry;
}

function toRecord(item: Record<string, unknown>): WorkerRecord {
  const reaped = item.reapedBy !== undefined;
  return {
    id: String(item.id),
    inboxUrl: String(item.inboxUrl),
    capacity: Number(item.capacity),
    load: Number(item.load ?? 0),
    state: (item.state as WorkerState | undefined) ?? "running",
    startedAt: String(item.startedAt),
    // a reaped worker is dead whatever its last heartbeat said
    heartbeatAt: reaped ? new Date(0).toISOString() : String(item.heartbeatAt),
    reaped,
  };
}

/**
 * Ownership records a worker writes in one turn of its event loop (the claims of a burst of
 * placements land together) go in shared BatchWriteItem calls, 25 items each; each caller
 * learns its own batch's outcome.
 */
class TurnBatchedPuts {
  private waiting: { item: Record<string, unknown>; resolve: () => void; reject: (err: unknown) => void }[] = [];

  constructor(private readonly ctx: DynamoContext) {}

  put(item: Record<string, unknown>): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ item, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.waiting.splice(0);
    batchPut(
      this.ctx,
      batch.map((b) => b.item),
    ).then(
      () => {
        for (const b of batch) b.resolve();
      },
      (err: unknown) => {
        for (const b of batch) b.reject(err);
      },
    );
  }
}
