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

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
