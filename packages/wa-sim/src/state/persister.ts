import type { Logger } from "pino";
import type { SimSnapshot } from "./snapshot";
import type { SimStateStore } from "./store";

export interface StatePersister {
  /** something worth saving changed: save within `debounceMs` */
  changed(): void;
  /** save now if anything changed since the last save, and wait for it */
  flush(): Promise<void>;
  /** a last flush; later changes are not saved (the simulator closed) */
  close(): Promise<void>;
}

/**
 * Debounced saving: many changes in a burst (a link, a message exchange) become one save, at
 * most one save runs at a time, and a change during a save schedules the next one. The
 * snapshot is taken when the save starts, so it is always the latest state.
 */
export function createStatePersister(opts: {
  store: SimStateStore;
  snapshot: () => SimSnapshot;
  debounceMs: number;
  logger: Logger;
}): StatePersister {
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let saving: Promise<void> | undefined;
  let closed = false;

  const save = (): Promise<void> => {
    timer = undefined;
    dirty = false;
    const run = (async () => {
      try {
        await opts.store.save(opts.snapshot());
      } catch (err) {
        dirty = true;
        opts.logger.error({ err }, "wa-sim state could not be saved");
      }
    })();
    saving = run.finally(() => {
      saving = undefined;
      if (dirty) schedule();
    });
    return saving;
  };
  const schedule = (): void => {
    if (timer || saving || closed) return;
    timer = setTimeout(save, opts.debounceMs);
    timer.unref();
  };

  return {
    changed() {
      if (closed) return;
      dirty = true;
      schedule();
    },
    async close() {
      await this.flush();
      closed = true;
    },
    async flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      while (saving) await saving;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (dirty) await save();
    },
  };
}
