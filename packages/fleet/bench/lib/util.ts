/** Small helpers shared by the fleet benchmarks. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const log = (msg: string, data: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ t: new Date().toISOString().slice(11, 19), msg, ...data }));

export async function pool<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

/** MB per session above the empty process, 3 decimals */
export const perSession = (mb: number, emptyMb: number, n: number) => Math.round(((mb - emptyMb) / n) * 1000) / 1000;

/**
 * Where a process's memory per session sits, above the empty process: RSS, and inside it V8's
 * live heap, the heap V8 holds (live plus free pages it has not given back), memory outside
 * the heap that V8 knows of (Buffers and ArrayBuffers), and the rest (malloc, stacks, code).
 */
export function memoryPerSession(
  m: { heapUsedMb: number; heapTotalMb: number; externalMb: number; rssMb: number },
  empty: { heapUsedMb: number; heapTotalMb: number; externalMb: number; rssMb: number },
  n: number,
) {
  const rest = (x: typeof m) => x.rssMb - x.heapTotalMb - x.externalMb;
  return {
    heapPerSessionMb: perSession(m.heapUsedMb, empty.heapUsedMb, n),
    rssPerSessionMb: perSession(m.rssMb, empty.rssMb, n),
    heapHeldPerSessionMb: perSession(m.heapTotalMb, empty.heapTotalMb, n),
    externalPerSessionMb: perSession(m.externalMb, empty.externalMb, n),
    restPerSessionMb: perSession(rest(m), rest(empty), n),
  };
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
