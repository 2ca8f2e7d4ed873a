import { reconcileFleet, type ReconcileDeps, type ReconcileReport } from "@wharf/core";
import type { Logger } from "pino";

export interface JanitorInterval {
  /** resolves after the run in progress (if any) finished */
  stop(): Promise<void>;
}

/**
 * The janitor on a timer (the local runtime; on AWS it is a cron Lambda running the same core
 * verb): one run at a time, errors logged, never thrown.
 */
export function startJanitorInterval(
  deps: ReconcileDeps & { logger: Logger },
  everyMs: number,
  onRun?: (r: ReconcileReport) => void,
): JanitorInterval {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = reconcileFleet(deps)
      .then((r) => onRun?.(r))
      .catch((err: unknown) => deps.logger.error({ err }, "janitor run failed"))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
