import { reapDeadWorkers } from "@wharf/core";
import { pause } from "./pause";
import type { WorkerParts, WorkerRun } from "./worker-parts";

/**
 * Keeping the worker's claims alive and noticing dead peers: lease renewals, the registry
 * heartbeat, and reaping workers that stopped heart-beating. `rejoin` runs when a peer
 * declared this worker dead (it stalled): it lets its sessions go and registers again.
 */
export function startLiveness(w: WorkerParts, run: WorkerRun, rejoin: () => Promise<void>): Promise<void>[] {
  return [renewLoop(w, run), heartbeatLoop(w, run, rejoin), reapLoop(w, run)];
}

/** Starts due lease renewals often; each lease is renewed every leaseRenewMs. */
async function renewLoop(w: WorkerParts, run: WorkerRun): Promise<void> {
  const tick = Math.max(100, Math.min(1_000, w.settings.leaseRenewMs / 4));
  while (!run.workingStopped) {
    await pause(tick, run.pauseSignal);
    if (!run.workingStopped) w.table.renewDue();
  }
}

/** The heartbeat runs on its own, never behind a slow round of renewals. */
async function heartbeatLoop(w: WorkerParts, run: WorkerRun, rejoin: () => Promise<void>): Promise<void> {
  while (!run.workingStopped) {
    await pause(w.settings.leaseRenewMs, run.pauseSignal);
    if (run.workingStopped) break;
    const state = run.draining ? "draining" : "running";
    const alive = await w.registry
      .heartbeat(w.id, { load: w.table.load, state }, w.clock.now())
      .catch((err: unknown) => {
        w.logger.error({ err }, "heartbeat failed");
        return true;
      });
    if (!alive && !run.draining && !run.workingStopped) {
      w.logger.error("this worker was reaped by a peer: closing its sessions and registering again");
      await rejoin();
    }
  }
}

async function reapLoop(w: WorkerParts, run: WorkerRun): Promise<void> {
  while (!run.workingStopped) {
    // jitter spreads the peers' scans out
    await pause(w.settings.reapIntervalMs * (0.75 + w.random() * 0.5), run.pauseSignal);
    if (run.workingStopped || run.draining) break;
    await reapDeadWorkers({
      registry: w.registry,
      inboxes: w.inboxes,
      placement: w.placement,
      clock: w.clock,
      logger: w.logger,
      workerTtlMs: w.settings.workerTtlMs,
      reaper: w.id,
    }).catch((err: unknown) => w.logger.error({ err }, "reaping dead workers failed"));
  }
}
