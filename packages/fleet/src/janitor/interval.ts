import type { JanitorDeps, JanitorReport } from "./janitor";
import { runJanitor } from "./janitor";

export interface JanitorInterval {
  /** resolves after the run in progress (if any) finished */
  stop(): Promise<void>;
}

/** The janitor on a timer (local runtime, tests): one run at a time, errors logged, never thrown. */
export function startJanitorInterval(deps: JanitorDeps, everyMs: number, onRun?: (r: JanitorReport) => void): JanitorInterval {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runJanitor(deps)
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
