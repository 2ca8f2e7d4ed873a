/**
 * Preload for measured bench processes (`--expose-gc --import ./bench/probe.ts`): answers
 * {cmd:"measure"} on the IPC channel with memory after two forced collections, the way
 * DESIGN §10 measures (heapUsed after two GCs; RSS reported but noisy per socket).
 */
const gc = (globalThis as { gc?: () => void }).gc;

export interface Measurement {
  heapUsedMb: number;
  rssMb: number;
  externalMb: number;
  arrayBuffersMb: number;
}

export async function measure(): Promise<Measurement> {
  for (let i = 0; i < 2; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 200));
  }
  const m = process.memoryUsage();
  const mb = (b: number) => Math.round((b / 1024 / 1024) * 100) / 100;
  return {
    heapUsedMb: mb(m.heapUsed),
    rssMb: mb(m.rss),
    externalMb: mb(m.external),
    arrayBuffersMb: mb(m.arrayBuffers),
  };
}

process.on("message", (msg: { cmd?: string; seq?: number }) => {
  if (msg?.cmd !== "measure") return;
  void measure().then((m) =>
    process.send?.({ type: "measurement", seq: msg.seq, ...m, gc: Boolean(gc), node: process.version }),
  );
});
