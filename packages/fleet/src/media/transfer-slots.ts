/**
 * At most `n` files in flight at once for a whole worker. A streamed transfer holds a bounded
 * amount (an S3 part and the stream buffers), so the slots bound the worker's memory however
 * many contacts send large files at the same moment; the others wait, not yet downloading.
 */
export interface TransferSlots {
  run<T>(transfer: () => Promise<T>): Promise<T>;
  /** transfers running and waiting (tests, diagnostics) */
  readonly load: { running: number; waiting: number };
}

export function createTransferSlots(n: number): TransferSlots {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    async run(transfer) {
      if (running < n) running++;
      // a released slot passes straight to the next waiter (running stays the same)
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await transfer();
      } finally {
        release();
      }
    },
    get load() {
      return { running, waiting: waiting.length };
    },
  };
}
