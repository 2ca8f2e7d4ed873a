import { PlacementMessage } from "@wharf/contracts";
import { decodeQueueBody, isWorkerAlive, type ReceivedMessage } from "@wharf/core";
import { pause } from "./pause";
import { settleFailedMessage } from "./poison";
import type { WorkerParts, WorkerRun } from "./worker-parts";

const PLACEMENT_VISIBILITY_SECONDS = 30;
const PLACEMENT_CONCURRENCY = 50;
const MAX_PLACEMENT_RECEIVES = 30;
const FULL_PAUSE_MS = 500;
const ERROR_PAUSE_MS = 1_000;

/**
 * Long-polls the Placement queue while this worker has free capacity and claims what it
 * receives. Claims run in the background (their slots count as load at once), so the next
 * poll does not wait for this batch's sockets to start.
 */
export async function runPlacementLoop(w: WorkerParts, run: WorkerRun): Promise<void> {
  const claims = new Set<Promise<void>>();
  while (!run.claimingStopped) {
    if (w.table.free <= 0) {
      await pause(FULL_PAUSE_MS, run.pauseSignal);
      continue;
    }
    try {
      const msgs = await w.placement.receive({
        max: Math.min(10, w.table.free),
        waitSeconds: w.settings.placementWaitSeconds,
        visibilityTimeoutSeconds: PLACEMENT_VISIBILITY_SECONDS,
        signal: run.pollSignal,
      });
      if (run.claimingStopped) {
        // received while draining (possibly our own handovers): give them straight back
        await Promise.all(msgs.map((m) => w.placement.changeVisibility(m.receiptHandle, 0).catch(() => undefined)));
        break;
      }
      for (const m of msgs) {
        const p = handlePlacement(w, m)
          .catch((err: unknown) => w.logger.error({ err }, "placement failed"))
          .finally(() => claims.delete(p));
        claims.add(p);
      }
      while (claims.size >= PLACEMENT_CONCURRENCY) await Promise.race(claims);
    } catch (err) {
      w.logger.error({ err }, "placement poll failed");
      await pause(ERROR_PAUSE_MS, run.pauseSignal);
    }
  }
  await Promise.allSettled([...claims]);
}

async function handlePlacement(w: WorkerParts, m: ReceivedMessage): Promise<void> {
  const decoded = decodeQueueBody(m.body, PlacementMessage, "placement message");
  if (!decoded.ok) {
    await settleFailedMessage({
      err: decoded.error,
      message: m,
      sourceQueue: w.placementUrl,
      sink: w.deadLetters.placement,
      remove: () => w.placement.delete(m.receiptHandle),
      logger: w.logger,
    });
    return;
  }
  const p = decoded.value;
  // the lease is the truth once claimed (a crash before the start is the janitor's orphan),
  // so the message goes at once: deletes of claims that land together share one call
  let deleted: Promise<void> | undefined;
  const res = await w.table.acquire(p.tenantId, p.sessionId, p.data.connect, p.requestId, {
    readFirst: p.data.reason === "dead_worker",
    onClaimed: () => {
      // a failed delete only brings the message back: its claim then finds the session "already" here
      deleted = w.placement
        .delete(m.receiptHandle)
        .catch((err: unknown) => w.logger.warn({ err }, "placement message not deleted"));
    },
  });
  if (res.status === "started") w.counters.placementClaimed();
  if (deleted) return deleted;
  if (res.status === "full") return w.placement.changeVisibility(m.receiptHandle, 0);
  if (res.status !== "held") return w.placement.delete(m.receiptHandle);
  // someone holds the lease: if that worker is alive it has the session; if it died, try
  // again once its lease has run out
  const holder = res.lease.owner ? await w.registry.get(res.lease.owner) : null;
  const now = w.clock.now();
  const holderAlive = holder !== null && isWorkerAlive(holder, now, w.settings.workerTtlMs);
  if (res.lease.owner === w.id || holderAlive || m.receiveCount >= MAX_PLACEMENT_RECEIVES)
    return w.placement.delete(m.receiptHandle);
  const untilMs = res.lease.leaseUntil ? new Date(res.lease.leaseUntil).getTime() - now.getTime() : 0;
  await w.placement.changeVisibility(m.receiptHandle, Math.min(43_200, Math.max(1, Math.ceil(untilMs / 1000) + 1)));
}
