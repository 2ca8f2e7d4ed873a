import { reapDeadWorkers } from "@wharf/core";
import { pause } from "./pause";
import type { WorkerParts, WorkerRun } from "./worker-parts";

const HEARTBEAT_RETRY_MS = 1_000;

/**
 * Keeping the worker's claims alive and noticing dead peers. One heartbeat item per worker is
 * the liveness of every session it owns (DESIGN §4): one write per leaseRenewMs whatever the
 * session count. `rejoin` runs when the heartbeat is refused (a peer reaped this worker, or
 * its liveness lapsed while it stalled, so any session may have a new owner): it lets its
 * sessions go and registers again. A heartbeat that keeps failing lets them go before the
 * liveness can lapse, the way a lease that cannot be renewed closes its socket. After each
 * heartbeat the owned leases are read back in batches (reads, no writes), so a session a
 * claimer took anyway is closed within one interval.
 */
export function startLiveness(w: WorkerParts, run: WorkerRun, rejoin: () => Promise<void>): Promise<void>[] {
  return [heartbeatLoop(w, run, rejoin), reapLoop(w, run)];
}

async function heartbeatLoop(w: WorkerParts, run: WorkerRun, rejoin: () => Promise<void>): Promise<void> {
  let lastOk = w.clock.now().getTime();
  let wait = w.settings.leaseRenewMs;
  while (!run.workingStopped) {
    await pause(wait, run.pauseSignal);
    if (run.workingStopped) break;
    const state = run.draining ? "draining" : "running";
    const at = w.clock.now();
    try {
      const alive = await w.registry.heartbeat(w.id, { load: w.table.load, state }, at);
      if (alive) {
        lastOk = at.getTime();
        wait = w.settings.leaseRenewMs;
        // reads only: the sessions a claimer took from us are closed at once
        await w.table
          .verifyOwnership()
          .catch((err: unknown) => w.logger.warn({ err }, "checking the owned leases failed"));
        continue;
      }
      if (!run.draining && !run.workingStopped) {
        w.logger.error("heartbeat refused (reaped or lapsed): closing this worker's sessions and registering again");
        await rejoin();
        lastOk = w.clock.now().getTime();
      }
    } catch (err) {
      const msLeft = lastOk + w.settings.workerTtlMs - w.clock.now().getTime();
      w.logger.warn({ err, msLeft }, "heartbeat failed");
      wait = HEARTBEAT_RETRY_MS;
      // give the sessions up while they surely are still ours, before any claimer may take them
      if (msLeft < w.settings.leaseRenewMs / 2 + HEARTBEAT_RETRY_MS && w.table.load > 0) {
        w.logger.error({ msLeft }, "heartbeat cannot be written in time: closing this worker's sessions");
        await w.table.abortAll("heartbeat could not be written in time");
      }
    }
  }
}

/** after a peer's liveness lapses, its reap waits up to this long (peers do not all race for it) */
const LAPSE_JITTER_MS = 300;

/**
 * Looks for dead peers every ~reapIntervalMs (jittered), and right when a peer's liveness
 * lapses when that comes sooner: a dead worker's sessions are placed again within a moment
 * of the lapse, not up to a whole interval later.
 */
async function reapLoop(w: WorkerParts, run: WorkerRun): Promise<void> {
  // the first look right away: a worker joining a fleet learns when each peer would lapse
  let nextLapseAt: number | null = w.clock.now().getTime();
  while (!run.workingStopped) {
    const interval = w.settings.reapIntervalMs * (0.75 + w.random() * 0.5);
    const untilLapse =
      nextLapseAt === null ? interval : nextLapseAt - w.clock.now().getTime() + 1 + w.random() * LAPSE_JITTER_MS;
    await pause(Math.max(1, Math.min(interval, untilLapse)), run.pauseSignal);
    if (run.workingStopped || run.draining) break;
    const report = await reapDeadWorkers({
      registry: w.registry,
      inboxes: w.inboxes,
      placement: w.placement,
      clock: w.clock,
      logger: w.logger,
      workerTtlMs: w.settings.workerTtlMs,
      reaper: w.id,
    }).catch((err: unknown) => {
      w.logger.error({ err }, "reaping dead workers failed");
      return null;
    });
    nextLapseAt = report?.nextLapseAt ?? null;
  }
}
