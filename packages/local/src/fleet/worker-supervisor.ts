import { startParentWatchdog } from "@wharf/emulators";
import type { FleetProcess, FleetProcesses } from "@wharf/fleet";
import type { Logger } from "pino";

export interface RestartBackoff {
  /** first delay after a crash (default 1 s) */
  baseMs: number;
  /** ceiling of the doubling delay (default 30 s) */
  capMs: number;
  /** a worker that ran this long before dying starts the backoff afresh (default 60 s) */
  stableMs: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = { baseMs: 1_000, capMs: 30_000, stableMs: 60_000 };

export interface WorkerSupervisor {
  /** no more restarts; waits for a restart in flight to finish spawning */
  stop(): Promise<void>;
}

/**
 * Restarts fleet workers that die (crash, OOM, SIGKILL) with exponential backoff, the way
 * ECS replaces a failed task. A worker that exits 0 drained on purpose (a terminal's Ctrl-C
 * reaches the workers too) and is not replaced. The new worker registers under a new id, so
 * `GET /v1/fleet` shows it next to the dead one until the janitor reaps that one.
 */
export function superviseWorkers(opts: {
  processes: FleetProcesses;
  logger: Logger;
  onReplaced?: (dead: FleetProcess, replacement: FleetProcess) => void;
  backoff?: RestartBackoff;
}): WorkerSupervisor {
  const backoff = opts.backoff ?? DEFAULT_RESTART_BACKOFF;
  let stopping = false;
  let failures = 0;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();

  const watch = (worker: FleetProcess, startedAt: number) => {
    // a SIGKILLed runtime must not orphan its workers: they drain (SIGTERM) once it is gone
    const dog = startParentWatchdog(process.pid, worker.pid, { signal: "TERM", group: false });
    void worker.exited.then((code) => {
      dog.kill("SIGKILL");
      if (stopping || code === 0) return;
      // a long, healthy run means this crash is not part of a crash loop
      if (Date.now() - startedAt >= backoff.stableMs) failures = 0;
      schedule(worker, code);
    });
  };

  const schedule = (dead: FleetProcess, code: number | null) => {
    const delayMs = Math.min(backoff.capMs, backoff.baseMs * 2 ** failures);
    failures++;
    opts.logger.warn(
      { workerId: dead.workerId, pid: dead.pid, exitCode: code, restartInMs: delayMs },
      "fleet worker died; restarting it",
    );
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopping) return;
      const spawning = opts.processes.add().then(
        (replacement) => {
          if (stopping) return;
          opts.logger.info(
            { workerId: replacement.workerId, pid: replacement.pid, replaces: dead.workerId },
            "fleet worker restarted",
          );
          opts.onReplaced?.(dead, replacement);
          watch(replacement, Date.now());
        },
        (err: unknown) => {
          opts.logger.error({ err, replaces: dead.workerId }, "fleet worker restart failed; trying again");
          if (!stopping) schedule(dead, code);
        },
      );
      inFlight.add(spawning);
      void spawning.finally(() => inFlight.delete(spawning));
    }, delayMs);
    timers.add(timer);
  };

  const startedAt = Date.now();
  for (const worker of opts.processes.workers) watch(worker, startedAt);

  return {
    async stop() {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // a worker spawned meanwhile is in processes.workers, so the fleet's stop drains it
      await Promise.allSettled([...inFlight]);
    },
  };
}
