import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchDelete, queryAll, type DynamoContext } from "@wharf/aws";

/**
 * The worker registry (DESIGN §3): one item per live worker (inbox URL, capacity, load,
 * heartbeat) plus one small "owns" item per session it holds, so a dead worker's sessions
 * are found with one Query instead of a table scan. Items carry a DynamoDB TTL as a last
 * resort; live workers and the janitor delete them explicitly.
 *
 *   worker:    pk WORKER#<id>  sk WORKER               gsi1pk WORKERS  gsi1sk <id>   (+ fleet)
 *   ownership: pk WORKER#<id>  sk OWNS#<tenant>#<session>
 *
 * `fleet` names one fleet sharing the table (the inbox queue prefix: one per stage); list()
 * returns only its own workers, so one fleet never reaps another's. (packages/aws's admin
 * fleet view reads these items too: keep the layout.)
 */
export type WorkerState = "running" | "draining";

export interface WorkerRecord {
  id: string;
  inboxUrl: string;
  capacity: number;
  load: number;
  state: WorkerState;
  startedAt: string;
  heartbeatAt: string;
}

export interface OwnedSession {
  tenantId: string;
  sessionId: string;
}

const workerPk = (id: string) => `WORKER#${id}`;
const WORKER_SK = "WORKER";
const ownsSk = (o: OwnedSession) => `OWNS#${o.tenantId}#${o.sessionId}`;
// Registry items outlive a missed cleanup by a day at most.
const GARBAGE_TTL_SECONDS = 24 * 60 * 60;

const WORKERS_INDEX = "WORKERS";

export class WorkerRegistry {
  constructor(
    private readonly ctx: DynamoContext,
    private readonly fleet: string,
  ) {}

  async register(w: Omit<WorkerRecord, "heartbeatAt" | "state" | "load">, now: Date): Promise<void> {
    await this.ctx.doc.send(
      new PutCommand({
        TableName: this.ctx.tableName,
        Item: {
          pk: workerPk(w.id),
          sk: WORKER_SK,
          gsi1pk: WORKERS_INDEX,
          gsi1sk: w.id,
          entity: "worker",
          fleet: this.fleet,
          ...w,
          load: 0,
          state: "running",
          heartbeatAt: now.toISOString(),
          expiresAt: expiry(now),
        },
      }),
    );
  }

  /** Returns false when the item is gone (a peer reaped us): the caller must stop. */
  async heartbeat(id: string, update: { load: number; state: WorkerState }, now: Date): Promise<boolean> {
    try {
      await this.ctx.doc.send(
        new UpdateCommand({
          TableName: this.ctx.tableName,
          Key: { pk: workerPk(id), sk: WORKER_SK },
          UpdateExpression: "SET heartbeatAt = :now, #load = :load, #state = :state, expiresAt = :exp",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(reapedBy)",
          ExpressionAttributeNames: { "#load": "load", "#state": "state" },
          ExpressionAttributeValues: { ":now": now.toISOString(), ":load": update.load, ":state": update.state, ":exp": expiry(now) },
        }),
      );
      return true;
    } catch (err) {
      if ((err as { name?: string }).name === "ConditionalCheckFailedException") return false;
      throw err;
    }
  }

  async get(id: string): Promise<WorkerRecord | null> {
    const res = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: { pk: workerPk(id), sk: WORKER_SK }, ConsistentRead: true }));
    return res.Item ? toRecord(res.Item) : null;
  }

  async list(): Promise<WorkerRecord[]> {
    const items = await queryAll(this.ctx, {
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :w",
      FilterExpression: "fleet = :fleet",
      ExpressionAttributeValues: { ":w": WORKERS_INDEX, ":fleet": this.fleet },
    });
    return items.map(toRecord);
  }

  /**
   * One reaper per dead worker: marks it reaped if its heartbeat is older than `ttlMs` and
   * nobody is reaping it (or a previous reaper stalled for `ttlMs`). Returns false if another
   * reaper won or the worker came back.
   */
  async claimReap(id: string, reaper: string, now: Date, ttlMs: number): Promise<boolean> {
    const cutoff = new Date(now.getTime() - ttlMs).toISOString();
    try {
      await this.ctx.doc.send(
        new UpdateCommand({
          TableName: this.ctx.tableName,
          Key: { pk: workerPk(id), sk: WORKER_SK },
          UpdateExpression: "SET reapedBy = :me, reapedAt = :now",
          ConditionExpression: "attribute_exists(pk) AND heartbeatAt < :cutoff AND (attribute_not_exists(reapedAt) OR reapedAt < :cutoff)",
          ExpressionAttributeValues: { ":me": reaper, ":now": now.toISOString(), ":cutoff": cutoff },
        }),
      );
      return true;
    } catch (err) {
      if ((err as { name?: string }).name === "ConditionalCheckFailedException") return false;
      throw err;
    }
  }

  async recordOwnership(workerId: string, o: OwnedSession, now: Date): Promise<void> {
    await this.ctx.doc.send(
      new PutCommand({
        TableName: this.ctx.tableName,
        Item: { pk: workerPk(workerId), sk: ownsSk(o), entity: "worker_session", tenantId: o.tenantId, sessionId: o.sessionId, expiresAt: expiry(now) },
      }),
    );
  }

  async dropOwnership(workerId: string, o: OwnedSession): Promise<void> {
    await this.ctx.doc.send(new DeleteCommand({ TableName: this.ctx.tableName, Key: { pk: workerPk(workerId), sk: ownsSk(o) } }));
  }

  async ownedBy(workerId: string): Promise<OwnedSession[]> {
    const items = await queryAll(this.ctx, {
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :owns)",
      ExpressionAttributeValues: { ":pk": workerPk(workerId), ":owns": "OWNS#" },
      ConsistentRead: true,
    });
    return items.map((item) => ({ tenantId: String(item.tenantId), sessionId: String(item.sessionId) }));
  }

  /** Deletes the worker item and every ownership item under it. */
  async remove(workerId: string): Promise<void> {
    const owned = await this.ownedBy(workerId);
    await batchDelete(this.ctx, [...owned.map((o) => ({ pk: workerPk(workerId), sk: ownsSk(o) })), { pk: workerPk(workerId), sk: WORKER_SK }]);
  }
}

/** Alive = heart-beating within `ttlMs` and not reaped. */
export function isWorkerAlive(w: WorkerRecord | null, now: Date, ttlMs: number): boolean {
  return w !== null && new Date(w.heartbeatAt).getTime() + ttlMs >= now.getTime();
}

function toRecord(item: Record<string, unknown>): WorkerRecord {
  return {
    id: String(item.id),
    inboxUrl: String(item.inboxUrl),
    capacity: Number(item.capacity),
    load: Number(item.load ?? 0),
    state: (item.state as WorkerState | undefined) ?? "running",
    startedAt: String(item.startedAt),
    // a reaped worker is dead whatever its last heartbeat said
    heartbeatAt: item.reapedBy ? new Date(0).toISOString() : String(item.heartbeatAt),
  };
}

function expiry(now: Date): number {
  return Math.floor(now.getTime() / 1000) + GARBAGE_TTL_SECONDS;
}
