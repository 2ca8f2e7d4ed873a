import type { Inbox } from "./inbox";
import type { WorkerParts, WorkerRun } from "./worker-parts";

/**
 * SIGTERM (DESIGN §4): stop claiming, hand every session over (sockets closed without
 * logout, leases released, placed again), run the commands still queued so they follow
 * their sessions, delete the inbox and deregister. Sessions are handed over in parallel; the
 * inbox poll in flight is woken by a marker, the placement poll ends within its short wait.
 * Past drainTimeoutMs the remaining sockets are closed and their leases left to expire.
 */
export async function drainWorker(w: WorkerParts, run: WorkerRun, inbox: Inbox): Promise<void> {
  run.draining = true;
  const t0 = w.clock.now().getTime();
  w.logger.info({ sessions: w.table.load }, "draining");
  run.claimingStopped = true;
  await w.registry.heartbeat(w.id, { load: w.table.load, state: "draining" }, w.clock.now()).catch(() => true);
  const handOver = (async () => {
    await w.table.handOverAll();
    // commands still queued for handed-over sessions go to their new owners
    await run.stopLoops({ abortPolls: false, wake: () => inbox.wake() });
    await inbox.drainRemaining();
  })();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    handOver.then(() => false),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(true), w.settings.drainTimeoutMs))),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    w.logger.error("drain timed out: closing the remaining sockets; their leases expire");
    await w.table.abortAll("drain timed out");
  }
  await run.stopLoops({ abortPolls: true });
  await inbox.delete();
  await w.registry.remove(w.id).catch((err: unknown) => w.logger.error({ err }, "worker not deregistered"));
  w.logger.info({ ms: w.clock.now().getTime() - t0 }, "drained");
}
