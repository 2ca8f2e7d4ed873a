import type { DisconnectInfo, FleetCommand } from "@wharf/contracts";
import { FencedError } from "../errors";
import { INBOX_WAKE_GROUP } from "../fleet/ports";
import type {
  CommandLedger,
  OrphanedSession,
  OrphanedSessionSource,
  OrphanStatusWriter,
  OwnedSession,
  OwnerPatch,
  SessionFence,
  SessionOwnerState,
  WorkerInboxes,
  WorkerRecord,
  WorkerRegistry,
} from "../fleet/ports";
import type { QueueReceiver, QueueSender, ReceivedMessage, SendOptions } from "../queues/ports";
import type { SessionRecord } from "../sessions/ports";

const ownsKey = (o: OwnedSession) => `${o.tenantId}#${o.sessionId}`;

interface StoredWorker extends Omit<WorkerRecord, "reaped"> {
  fleet: string;
  reapedBy?: string;
  reapedAt?: string;
}

/**
 * Every fleet's registry records in one place; `forFleet(prefix)` is the port one fleet sees
 * (like the DynamoDB adapter bound to one inbox prefix over the shared table).
 */
export class InMemoryWorkerRegistries {
  private readonly workers = new Map<string, StoredWorker>();
  private readonly owned = new Map<string, Map<string, OwnedSession>>();

  /** `workerTtlMs`: a heartbeat after the worker's liveness lapsed is refused, as in DynamoDB */
  forFleet(fleet: string, workerTtlMs = 30_000): WorkerRegistry {
    const { workers, owned } = this;
    const toRecord = (w: StoredWorker): WorkerRecord => ({
      id: w.id,
      inboxUrl: w.inboxUrl,
      capacity: w.capacity,
      load: w.load,
      state: w.state,
      startedAt: w.startedAt,
      heartbeatAt: w.reapedBy ? new Date(0).toISOString() : w.heartbeatAt,
      reaped: w.reapedBy !== undefined,
    });
    return {
      async register(w, now) {
        workers.set(w.id, { ...w, fleet, load: 0, state: "running", heartbeatAt: now.toISOString() });
      },
      async heartbeat(id, update, now) {
        const w = workers.get(id);
        if (!w || w.reapedBy) return false;
        if (Date.parse(w.heartbeatAt) + workerTtlMs < now.getTime()) return false;
        Object.assign(w, { load: update.load, state: update.state, heartbeatAt: now.toISOString() });
        return true;
      },
      async get(id) {
        const w = workers.get(id);
        return w ? toRecord(w) : null;
      },
      async list() {
        return [...workers.values()].filter((w) => w.fleet === fleet).map(toRecord);
      },
      async claimReap(id, reaper, now, ttlMs, claimTtlMs = ttlMs) {
        const w = workers.get(id);
        const cutoff = new Date(now.getTime() - ttlMs).toISOString();
        const claimCutoff = new Date(now.getTime() - claimTtlMs).toISOString();
        if (!w || !(w.heartbeatAt < cutoff) || (w.reapedAt !== undefined && !(w.reapedAt < claimCutoff))) return false;
        Object.assign(w, { reapedBy: reaper, reapedAt: now.toISOString() });
        return true;
      },
      async recordOwnership(workerId, o) {
        let mine = owned.get(workerId);
        if (!mine) {
          mine = new Map();
          owned.set(workerId, mine);
        }
        mine.set(ownsKey(o), { tenantId: o.tenantId, sessionId: o.sessionId });
      },
      async dropOwnership(workerId, o) {
        owned.get(workerId)?.delete(ownsKey(o));
      },
      async ownedBy(workerId) {
        return [...(owned.get(workerId)?.values() ?? [])].map((o) => ({ ...o }));
      },
      async remove(workerId) {
        owned.delete(workerId);
        workers.delete(workerId);
      },
    };
  }
}

/** Command ids seen, per session. */
export class InMemoryCommandLedger implements CommandLedger {
  private readonly seen = new Set<string>();

  async begin(c: { tenantId: string; sessionId: string; id: string }): Promise<boolean> {
    const key = `${c.tenantId}#${c.sessionId}#${c.id}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

/**
 * Owner writes over session records the test provides (`lookup`), fenced by the record's
 * lease exactly as the DynamoDB adapter's condition is.
 */
export class InMemorySessionOwnerState implements SessionOwnerState {
  readonly writes: Array<{ target: OwnedSession; patch: OwnerPatch }> = [];

  constructor(private readonly lookup: (target: OwnedSession) => SessionRecord | undefined) {}

  async write(target: OwnedSession, fence: SessionFence, patch: OwnerPatch, now: Date): Promise<void> {
    const s = this.lookup(target);
    if (!s || s.lease.owner !== fence.owner || s.lease.epoch !== fence.epoch) throw new FencedError(fence);
    for (const [field, value] of Object.entries(patch))
      if (value !== undefined) (s as unknown as Record<string, unknown>)[field] = value;
    s.updatedAt = now.toISOString();
    this.writes.push({ target, patch });
  }
}

/**
 * Orphans among the session records the test provides, in pages of `pageSize`: no owner, or
 * a lapsed claim-time lease whose owner is not live (`ownerLive`, e.g. over the registry).
 */
export class InMemoryOrphanedSessions implements OrphanedSessionSource {
  constructor(
    private readonly sessions: () => SessionRecord[],
    private readonly pageSize = 100,
    private readonly ownerLive: (owner: string, now: Date) => boolean = () => false,
  ) {}

  async *pages(now: Date): AsyncIterable<{ scanned: number; sessions: OrphanedSession[] }> {
    const all = this.sessions();
    for (let i = 0; i < all.length || i === 0; i += this.pageSize) {
      const page = all.slice(i, i + this.pageSize);
      const orphans = page.filter(
        (s) =>
          s.desiredState === "connected" &&
          (s.lease.owner === null ||
            ((s.lease.leaseUntil ?? "") < now.toISOString() && !this.ownerLive(s.lease.owner, now))),
      );
      yield {
        scanned: page.length,
        sessions: orphans.map((s) => ({
          tenantId: s.tenantId,
          sessionId: s.id,
          epoch: s.lease.epoch,
          status: s.status,
          lastDisconnectReason: s.lastDisconnect?.reason ?? null,
        })),
      };
    }
  }
}

/** Owner-lost marks over the records the test provides, conditioned as the DynamoDB adapter is. */
export class InMemoryOrphanStatus implements OrphanStatusWriter {
  constructor(private readonly lookup: (target: OwnedSession) => SessionRecord | undefined) {}

  async markOwnerLost(orphan: OrphanedSession, disconnect: DisconnectInfo, now: Date): Promise<boolean> {
    const s = this.lookup(orphan);
    const lapsed = s && (s.lease.owner === null || (s.lease.leaseUntil ?? "") < now.toISOString());
    if (!s || !lapsed || s.lease.epoch !== orphan.epoch) return false;
    Object.assign(s, { status: "reconnecting", lastDisconnect: disconnect, updatedAt: now.toISOString() });
    return true;
  }
}

interface QueuedMessage {
  messageId: string;
  body: string;
  groupId?: string;
  receiveCount: number;
  /** epoch ms until which the message is hidden */
  invisibleUntil: number;
  receiptHandle: string;
}

/**
 * One queue in memory, as sender and receiver. Visibility counts in real milliseconds of
 * `now()`; receives never wait (a long poll with nothing queued returns at once).
 */
export class InMemoryQueue<T> implements QueueSender<T>, QueueReceiver {
  private readonly messages: QueuedMessage[] = [];
  private seq = 0;

  constructor(private readonly now: () => number = () => 0) {}

  /** bodies of every message still queued, parsed */
  get pending(): T[] {
    return this.messages.map((m) => JSON.parse(m.body) as T);
  }

  async send(body: T, opts: SendOptions = {}): Promise<void> {
    const id = String(++this.seq);
    this.messages.push({
      messageId: id,
      body: JSON.stringify(body),
      receiveCount: 0,
      invisibleUntil: 0,
      receiptHandle: "",
      ...(opts.groupId ? { groupId: opts.groupId } : {}),
    });
  }

  async sendBatch(bodies: Array<{ body: T; opts?: SendOptions }>): Promise<void> {
    for (const b of bodies) await this.send(b.body, b.opts);
  }

  async receive(opts: {
    max: number;
    visibilityTimeoutSeconds?: number;
    signal?: AbortSignal;
  }): Promise<ReceivedMessage[]> {
    if (opts.signal?.aborted) return [];
    const now = this.now();
    const out: ReceivedMessage[] = [];
    for (const m of this.messages) {
      if (out.length >= Math.min(Math.max(opts.max, 1), 10)) break;
      if (m.invisibleUntil > now) continue;
      m.receiveCount++;
      m.receiptHandle = `${m.messageId}:${m.receiveCount}`;
      m.invisibleUntil = now + (opts.visibilityTimeoutSeconds ?? 30) * 1000;
      out.push({
        messageId: m.messageId,
        receiptHandle: m.receiptHandle,
        body: m.body,
        receiveCount: m.receiveCount,
        ...(m.groupId ? { groupId: m.groupId } : {}),
      });
    }
    return out;
  }

  async delete(receiptHandle: string): Promise<void> {
    const i = this.messages.findIndex((m) => m.receiptHandle === receiptHandle);
    if (i >= 0) this.messages.splice(i, 1);
  }

  async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    const m = this.messages.find((x) => x.receiptHandle === receiptHandle);
    if (m) m.invisibleUntil = this.now() + seconds * 1000;
  }
}

/** Worker inboxes as in-memory queues, addressed by a made-up URL. */
export class InMemoryWorkerInboxes implements WorkerInboxes {
  readonly queues = new Map<string, InMemoryQueue<FleetCommand>>();

  constructor(private readonly prefix = "memory://inbox/") {}

  async create(workerId: string): Promise<string> {
    const url = `${this.prefix}${workerId}.fifo`;
    if (!this.queues.has(url)) this.queues.set(url, new InMemoryQueue<FleetCommand>());
    return url;
  }

  receiver(url: string): QueueReceiver {
    return this.queue(url);
  }

  async forward(url: string, command: FleetCommand): Promise<void> {
    await this.queue(url).send(command, { groupId: command.sessionId, deduplicationId: command.id });
  }

  async wake(url: string): Promise<void> {
    await this.queue(url).send({} as FleetCommand, { groupId: INBOX_WAKE_GROUP });
  }

  async delete(url: string): Promise<boolean> {
    return this.queues.delete(url);
  }

  private queue(url: string): InMemoryQueue<FleetCommand> {
    const q = this.queues.get(url);
    if (!q) throw new Error(`no inbox at ${url}`);
    return q;
  }
}
