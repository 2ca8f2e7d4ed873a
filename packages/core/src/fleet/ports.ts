import type { DesiredState, DisconnectInfo, FleetCommand, SessionHealth, SessionStatus } from "@wharf/contracts";
import type { QueueReceiver } from "../queues/ports";

/**
 * Ports of the socket fleet (DESIGN §3, §4). DynamoDB/SQS adapters in packages/aws,
 * in-memory fakes in core/testing; the worker (packages/fleet) and the reconciliation
 * verbs here reach storage and queues only through these.
 */
export type WorkerState = "running" | "draining";

/** A worker as the registry records it. */
export interface WorkerRecord {
  id: string;
  inboxUrl: string;
  capacity: number;
  load: number;
  state: WorkerState;
  startedAt: string;
  /** a reaped worker reads as heart-beating at the epoch: dead whatever it last said */
  heartbeatAt: string;
  reaped: boolean;
}

export interface OwnedSession {
  tenantId: string;
  sessionId: string;
}

/**
 * One fleet's worker registry: a record per live worker (its heartbeat is the liveness of
 * every session it owns) plus one "owns" record per session it holds, so a dead worker's
 * sessions are found without a scan. The adapter is bound to
 * one fleet (the inbox queue prefix, one per stage): list() never returns another fleet's.
 */
export interface WorkerRegistry {
  register(w: Pick<WorkerRecord, "id" | "inboxUrl" | "capacity" | "startedAt">, now: Date): Promise<void>;
  /**
   * The worker's liveness for all its sessions (one write, whatever it holds). False when
   * the record is gone, reaped, or its liveness already lapsed: any session may have been
   * claimed by then, so the worker lets them all go.
   */
  heartbeat(id: string, update: { load: number; state: WorkerState }, now: Date): Promise<boolean>;
  get(id: string): Promise<WorkerRecord | null>;
  list(): Promise<WorkerRecord[]>;
  /**
   * One reaper per dead worker: marks it reaped if its heartbeat is older than `ttlMs` and
   * nobody is reaping it (or a previous reaper stalled for `claimTtlMs`, default `ttlMs`).
   * False if another reaper won or the worker came back.
   */
  claimReap(id: string, reaper: string, now: Date, ttlMs: number, claimTtlMs?: number): Promise<boolean>;
  recordOwnership(workerId: string, o: OwnedSession, now: Date): Promise<void>;
  dropOwnership(workerId: string, o: OwnedSession): Promise<void>;
  ownedBy(workerId: string): Promise<OwnedSession[]>;
  /** deletes the worker record and every ownership record under it */
  remove(workerId: string): Promise<void>;
}

/**
 * Commands run at most once per command id (a send must never go out twice): the executing
 * worker records the id before acting. Covers redelivery after a crash and a handover.
 */
export interface CommandLedger {
  /** true the first time a command id is seen; false for a repeat */
  begin(command: { tenantId: string; sessionId: string; id: string; type: string }, now: Date): Promise<boolean>;
}

/** The lease a write is fenced by. */
export interface SessionFence {
  owner: string;
  epoch: number;
}

/** What the owning worker writes on the session record. */
export interface OwnerPatch {
  status?: SessionStatus;
  phone?: string | null;
  accountName?: string | null;
  lastDisconnect?: DisconnectInfo | null;
  health?: SessionHealth;
  desiredState?: DesiredState;
}

/** The session record as its owner writes it: every write is fenced by owner + epoch. */
export interface SessionOwnerState {
  /** throws FencedError when the lease moved on (nothing is written) */
  write(target: OwnedSession, fence: SessionFence, patch: OwnerPatch, now: Date): Promise<void>;
}

/** One session's owner-state writer, bound to its lease (what a SessionRunner holds). */
export interface SessionStateWriter {
  write(patch: OwnerPatch): Promise<void>;
}

export interface OrphanedSession extends OwnedSession {
  /** the epoch of the lease that lapsed (0 when there never was one) */
  epoch: number;
  /** the stored status and disconnect reason, so an orphan already shown as lost is not reported twice */
  status: SessionStatus;
  lastDisconnectReason: string | null;
}

/**
 * Marks an orphan `reconnecting` / `owner_lost` on the session item, only while its lease is
 * still lapsed at the orphan's epoch: a new owner's status is never overwritten.
 */
export interface OrphanStatusWriter {
  /** false when the lease was claimed (or the epoch moved) meanwhile; nothing is written then */
  markOwnerLost(orphan: OrphanedSession, disconnect: DisconnectInfo, now: Date): Promise<boolean>;
}

/**
 * Sessions that want a connection but have no live lease at `now` (no owner, or a lapsed
 * claim-time lease whose owner's heartbeat is not live), page by page; `scanned` counts the
 * sessions read (the adapter reads an index partition of sessions that want one, skipping
 * the live owners' ranges, never the whole table).
 */
export interface OrphanedSessionSource {
  pages(now: Date): AsyncIterable<{ scanned: number; sessions: OrphanedSession[] }>;
}

/**
 * Counts every session by status (through an index, never a table Scan) and stores the
 * summary the fleet view serves; the reconciler refreshes it on every run.
 */
export interface SessionCensus {
  refresh(now: Date): Promise<Partial<Record<SessionStatus, number>>>;
}

/** The workers' Inbox.fifo queues: one per worker, created at boot, deleted on drain or reaping. */
/**
 * The FIFO group of an inbox's wake marker (never a session id, which are `ses_…`). An
 * aborted long poll is not a cancelled receive: SQS (and fauxqs) may still hand the next
 * message to the closed connection and hide it for the visibility timeout, so a drain wakes
 * its poll with a message instead of aborting it. Consumers delete the marker and skip it.
 */
export const INBOX_WAKE_GROUP = "wharf-inbox-wake";

export interface WorkerInboxes {
  /** creates the worker's inbox (idempotent) and returns its URL */
  create(workerId: string): Promise<string>;
  /** receives from and deletes on one inbox */
  receiver(url: string): QueueReceiver;
  /** sends a command to a worker's inbox, in its session's FIFO group, deduplicated by command id */
  forward(url: string, command: FleetCommand): Promise<void>;
  /**
   * Puts a marker (FIFO group INBOX_WAKE_GROUP) in a worker's own inbox, so a long poll in
   * flight returns now: a drain ends its inbox poll without abandoning it (see INBOX_WAKE_GROUP)
   */
  wake(url: string): Promise<void>;
  /** false when the inbox was already gone */
  delete(url: string): Promise<boolean>;
}

/** Where reconciliation reports (pino-compatible: object first). */
export interface FleetLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}
