import type { FleetEvent, PlacementMessage } from "@wharf/contracts";
import type { Clock } from "../clock";
import { isWorkerAlive } from "../fleet-view/ports";
import type { QueueSender } from "../queues/ports";
import { placementMessage } from "../session-control/commands";
import { sweepUnownedOutboxes, type OutboxSweepDeps } from "./outbox-sweep";
import { markOwnersLost } from "./owner-lost";
import { salvageInbox, salvagePeer } from "./salvage-inbox";
import type {
  FleetLogger,
  OrphanedSessionSource,
  OrphanStatusWriter,
  SessionCensus,
  WorkerInboxes,
  WorkerRecord,
  WorkerRegistry,
} from "./ports";

/**
 * Reconciliation (DESIGN §4): re-place sessions that want to be connected but have no live
 * lease, and reap dead workers (their sessions re-placed, their inboxes deleted). Runs in the
 * janitor Lambda on a cron, on an interval locally, and (reaping only) inside every worker so
 * a crashed worker's sessions move within seconds rather than at the next cron tick.
 */
export interface ReapDeps {
  registry: WorkerRegistry;
  /** with receiver and forward, a dead worker's commands move to a live peer before its inbox goes */
  inboxes: Pick<WorkerInboxes, "delete"> & Partial<Pick<WorkerInboxes, "receiver" | "forward">>;
  placement: QueueSender<PlacementMessage>;
  clock: Clock;
  logger: FleetLogger;
  /** a worker is dead after this long without a heartbeat */
  workerTtlMs: number;
  /** how long a salvage waits for the commands the dead worker had taken (default: one inbox visibility) */
  salvageWaitMs?: number;
  /** who is reaping (a worker id, or "janitor") */
  reaper?: string;
}

export interface PlaceOrphansDeps {
  orphans: OrphanedSessionSource;
  placement: QueueSender<PlacementMessage>;
  /** orphans are shown `reconnecting` / `owner_lost` on the item and through a status event */
  orphanStatus: OrphanStatusWriter;
  events: QueueSender<FleetEvent>;
  clock: Clock;
  logger: FleetLogger;
}

/**
 * The census is optional: a run without one leaves the fleet view to count on read. So is
 * the outbox sweep (publishes the event outboxes of sessions nobody owns).
 */
export type ReconcileDeps = ReapDeps &
  PlaceOrphansDeps & { census?: SessionCensus; outboxSweep?: Pick<OutboxSweepDeps, "outbox" | "store"> };

export interface ReapReport {
  deadWorkers: string[];
  placed: number;
  inboxesDeleted: number;
  /**
   * When the first live peer (not the reaper) lapses unless it heart-beats again (epoch ms;
   * null with no live peer): a worker reaps again right then, not a whole interval later.
   */
  nextLapseAt: number | null;
}

export interface ReconcileReport extends Omit<ReapReport, "nextLapseAt"> {
  scannedSessions: number;
  orphanedSessions: number;
  /** orphans newly shown as `reconnecting` / `owner_lost` */
  markedOwnerLost: number;
  /** outbox entries of unowned sessions published (runs with an outbox sweep) */
  sweptOutboxEntries?: number;
}

/** how long a reap claim keeps other reapers off (a reaper that died mid-reap is replaced after it) */
const REAP_CLAIM_MS = 120_000;

export async function reapDeadWorkers(deps: ReapDeps): Promise<ReapReport> {
  const { registry } = deps;
  const now = deps.clock.now();
  const report: ReapReport = { deadWorkers: [], placed: 0, inboxesDeleted: 0, nextLapseAt: null };
  const workers = await registry.list();
  for (const w of workers) {
    // a draining worker still heart-beats and hands its sessions over itself; and a worker
    // never reaps itself (a stalled heartbeat of its own is not proof it is dead)
    if (w.id === deps.reaper) continue;
    if (isWorkerAlive(w, now, deps.workerTtlMs)) {
      const lapseAt = Date.parse(w.heartbeatAt) + deps.workerTtlMs;
      report.nextLapseAt = Math.min(report.nextLapseAt ?? lapseAt, lapseAt);
      continue;
    }
    // the claim outlives the worker TTL: moving a long inbox takes a while, and a second reaper
    // joining in would see it empty (FIFO hides the group while the first holds a command) and
    // delete it under the first one's hands
    const claimTtlMs = Math.max(deps.workerTtlMs, REAP_CLAIM_MS);
    if (!(await registry.claimReap(w.id, deps.reaper ?? "janitor", now, deps.workerTtlMs, claimTtlMs))) continue;
    const owned = await registry.ownedBy(w.id);
    const messages = owned.map((o) => ({
      body: placementMessage({ ...o, epoch: 0, reason: "dead_worker" }, now),
      opts: {},
    }));
    if (messages.length > 0) await deps.placement.sendBatch(messages);
    await salvageCommands(deps, workers, w, now);
    if (await deps.inboxes.delete(w.inboxUrl)) report.inboxesDeleted++;
    await registry.remove(w.id);
    report.deadWorkers.push(w.id);
    report.placed += messages.length;
    deps.logger.warn(
      { deadWorker: w.id, sessions: owned.length },
      "reaped a dead worker: its sessions are placed again",
    );
  }
  return report;
}

/** Moves a dead worker's queued commands to a live peer (when the reaper can), never failing the reap. */
async function salvageCommands(deps: ReapDeps, workers: WorkerRecord[], dead: WorkerRecord, now: Date): Promise<void> {
  const { receiver, forward } = deps.inboxes;
  const peer = salvagePeer(workers, dead.id, deps.reaper, now, deps.workerTtlMs);
  if (!receiver || !forward || !peer) return;
  const inboxes = { receiver: receiver.bind(deps.inboxes), forward: forward.bind(deps.inboxes) };
  const clock = () => deps.clock.now().getTime();
  try {
    const moved = await salvageInbox(
      { inboxes, logger: deps.logger, workerTtlMs: deps.workerTtlMs, now: clock, waitMs: deps.salvageWaitMs },
      dead.inboxUrl,
      peer.inboxUrl,
    );
    if (moved > 0)
      deps.logger.info(
        { deadWorker: dead.id, peer: peer.id, commands: moved },
        "moved a dead worker's commands to a live peer",
      );
  } catch (err) {
    deps.logger.warn({ err, deadWorker: dead.id }, "could not move a dead worker's commands");
  }
}

/**
 * Sessions with desiredState connected whose lease is missing or expired get a placement, and
 * those whose owner is gone are shown `reconnecting` / `owner_lost` first, whether or not a
 * worker has room to take them (DESIGN §4: status is the truth).
 */
export async function placeOrphanedSessions(
  deps: PlaceOrphansDeps,
): Promise<{ scanned: number; orphaned: number; markedOwnerLost: number }> {
  const now = deps.clock.now();
  let scanned = 0;
  let orphaned = 0;
  let markedOwnerLost = 0;
  for await (const page of deps.orphans.pages(now)) {
    scanned += page.scanned;
    markedOwnerLost += await markOwnersLost(deps, page.sessions, now);
    if (page.sessions.length > 0) {
      await deps.placement.sendBatch(
        page.sessions.map((s) => ({ body: placementMessage({ ...s, reason: "janitor" }, now) })),
      );
      orphaned += page.sessions.length;
    }
  }
  if (orphaned > 0)
    deps.logger.info({ orphaned, markedOwnerLost }, "placed sessions that want a connection but have no live lease");
  return { scanned, orphaned, markedOwnerLost };
}

/** One reconciliation run: reap dead workers first (their leases may still look live), then orphans. */
export async function reconcileFleet(deps: ReconcileDeps): Promise<ReconcileReport> {
  const { deadWorkers, placed, inboxesDeleted } = await reapDeadWorkers(deps);
  const { scanned, orphaned, markedOwnerLost } = await placeOrphanedSessions(deps);
  await deps.census?.refresh(deps.clock.now());
  const report: ReconcileReport = {
    deadWorkers,
    placed,
    inboxesDeleted,
    scannedSessions: scanned,
    orphanedSessions: orphaned,
    markedOwnerLost,
  };
  if (deps.outboxSweep) report.sweptOutboxEntries = await sweepUnownedOutboxes({ ...deps, ...deps.outboxSweep });
  return report;
}
