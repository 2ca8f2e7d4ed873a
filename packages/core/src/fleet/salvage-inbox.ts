import { FleetCommand } from "@wharf/contracts";
import { isWorkerAlive } from "../fleet-view/ports";
import { decodeQueueBody } from "../queue-consumer/decode";
import { type FleetLogger, INBOX_WAKE_GROUP, type WorkerInboxes, type WorkerRecord } from "./ports";

/**
 * How long a worker keeps an inbox command invisible per receive (it extends that while the
 * command runs). Kept well under the worker TTL, so the commands a crashed worker had taken
 * are visible again by the time a peer reaps it and salvages its inbox.
 */
export function inboxVisibilitySeconds(workerTtlMs: number): number {
  return Math.min(60, Math.max(2, Math.floor(workerTtlMs / 2_000)));
}

export interface SalvageDeps {
  inboxes: Pick<WorkerInboxes, "receiver" | "forward">;
  logger: FleetLogger;
  workerTtlMs: number;
  /** monotonic enough wall time in ms (the clock of the reaper) */
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** how long to keep polling for commands the dead worker had taken (default: one visibility period + 1 s) */
  waitMs?: number | undefined;
}

/**
 * A live peer to take a dead worker's commands: the reaper itself when it is a worker, else
 * the running worker with the most free capacity.
 */
export function salvagePeer(
  workers: WorkerRecord[],
  dead: string,
  reaper: string | undefined,
  now: Date,
  workerTtlMs: number,
): WorkerRecord | null {
  const live = workers.filter(
    (w) => w.id !== dead && w.state === "running" && isWorkerAlive(w, now, workerTtlMs) && !!w.inboxUrl,
  );
  return (
    live.find((w) => w.id === reaper) ?? live.sort((a, b) => b.capacity - b.load - (a.capacity - a.load))[0] ?? null
  );
}

/**
 * Moves every command left in a dead worker's inbox to a live peer's inbox (same FIFO group,
 * same deduplication id), so no accepted send or session command disappears with the worker:
 * the peer runs it if it owns the session by then, forwards it to the new owner, or fails it
 * with a reason. Keeps polling for one visibility period, so commands the dead worker had taken
 * but not finished come back and move too. Returns how many commands moved.
 */
export async function salvageInbox(deps: SalvageDeps, deadInboxUrl: string, peerInboxUrl: string): Promise<number> {
  const receiver = deps.inboxes.receiver(deadInboxUrl);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const until = deps.now() + (deps.waitMs ?? inboxVisibilitySeconds(deps.workerTtlMs) * 1_000 + 1_000);
  let moved = 0;
  for (;;) {
    const batch = await receiver.receive({ max: 10, waitSeconds: 0, visibilityTimeoutSeconds: 30 });
    // the whole batch moves before any delete: a delete that fails (another reaper already
    // deleted the dead inbox) must not cost the commands still in hand
    for (const m of batch) {
      if (m.groupId === INBOX_WAKE_GROUP) continue; // a drain's wake marker: nothing to move
      const decoded = decodeQueueBody(m.body, FleetCommand, "command");
      if (decoded.ok) {
        await deps.inboxes.forward(peerInboxUrl, decoded.value);
        moved++;
      } else {
        deps.logger.warn(
          { messageId: m.messageId },
          "a dead worker's inbox held a command that does not parse: dropped",
        );
      }
    }
    const deletes = await Promise.allSettled(batch.map((m) => receiver.delete(m.receiptHandle)));
    // moved already; a copy that comes back is moved again under the same deduplication id
    // and runs once (command ledger)
    if (deletes.some((d) => d.status === "rejected")) return moved;
    if (batch.length > 0) continue;
    if (deps.now() >= until) return moved;
    await sleep(500);
  }
}
