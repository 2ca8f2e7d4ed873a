import type { DataPathFigures } from "./data-path-run";
import { round } from "./util";

/** What one bench run measured, as far as it got (a phase left out leaves its figures undefined). */
export interface BenchFigures {
  send?: { perSecond: number; cpuMsPerMessage: Record<string, number>; sdkCallsPerMessage: number };
  rawSend?: { perSecond: number; cpuMsPerMessage: { client: number; sim: number } } | null;
  failover?: { sessions: number; allOpenMs: number; leaseTtlMs: number };
  drain?: { sessions: number; allOpenElsewhereMs: number; exitMs: number };
  stored?: { sessions: number; ms: number; lagP99Ms: number; workerCpuMsPerSession?: number };
  /** with raw's memory per socket after that reconnect burst, 3 s later (as `density` is measured) */
  rawReconnect?: {
    sessions: number;
    openMs: number;
    clientCpuMsPerSession?: number;
    rssPerSessionMb?: number;
    heapPerSessionMb?: number;
  };
  /** the same reconnect with stock libsignal's pure-JS signature checks (bench/stock-verify.mjs) */
  rawReconnectStock?: { sessions: number; openMs: number; clientCpuMsPerSession?: number };
  /** raw Baileys' memory per idle socket at the same count as `density`, linked by QR 16 at a time */
  rawMemory?: { sessions: number; heapPerSessionMb: number; rssPerSessionMb: number };
  density?: { sessions: number; heapPerSessionMb: number; rssPerSessionMb: number };
  idleWritesPerSecond?: number;
  dataPath?: DataPathFigures;
}

type Row = [figure: string, measured: string, target: string];
const f = (x: number | undefined, digits = 2) => (x === undefined || Number.isNaN(x) ? "—" : String(round(x, digits)));

/** The issue's ratio table: one row per figure, "—" where this run did not measure it. */
export function ratioRows(b: BenchFigures): Row[] {
  const rows: Row[] = [];
  const sendRatio = b.send && b.rawSend ? b.send.perSecond / b.rawSend.perSecond : undefined;
  rows.push([
    "send rate: Wharf / raw Baileys",
    `${f(b.send?.perSecond, 1)} / ${f(b.rawSend?.perSecond, 1)} msg/s = ${f(sendRatio && sendRatio * 100, 1)} %`,
    "≥ 50 %",
  ]);
  const workerCpu = b.send?.cpuMsPerMessage.worker;
  const rawCpu = b.rawSend?.cpuMsPerMessage.client;
  rows.push([
    "worker CPU / raw client CPU per message",
    `${f(workerCpu, 3)} / ${f(rawCpu, 3)} ms = ${f(workerCpu && rawCpu ? workerCpu / rawCpu : undefined)}×`,
    "≤ 2×",
  ]);
  const cpu = b.send?.cpuMsPerMessage ?? {};
  const all = Object.values(cpu).reduce((a, x) => a + (Number.isNaN(x) ? 0 : x), 0);
  rows.push([
    "CPU ms per sent message, per process",
    `${Object.entries(cpu)
      .map(([k, v]) => `${k} ${f(v, 3)}`)
      .join(", ")} (all ${f(all, 3)}); raw: client ${f(rawCpu, 3)}, sim ${f(b.rawSend?.cpuMsPerMessage.sim, 3)}`,
    "report",
  ]);
  rows.push(["worker SDK calls per sent message", f(b.send?.sdkCallsPerMessage), "≤ 3"]);
  rows.push([
    "control SDK calls per inbound event / per POST→inbox (data path, per rate)",
    dataPathCalls(b.dataPath),
    "≤ 5 / report",
  ]);
  const detail = callsDetail(b.dataPath);
  if (detail) rows.push([`  by command at ${detail.rate} msg/s (event; POST)`, detail.text, "report"]);
  rows.push([
    `failover, all ${b.failover?.sessions ?? "—"} open after SIGKILL`,
    `${f(b.failover && b.failover.allOpenMs / 1000, 1)} s`,
    `≤ TTL + 10 s = ${f(b.failover && (b.failover.leaseTtlMs + 10_000) / 1000, 0)} s`,
  ]);
  rows.push([
    `drain, all ${b.drain?.sessions ?? "—"} open on a peer after SIGTERM (worker exit)`,
    `${f(b.drain && b.drain.allOpenElsewhereMs / 1000, 1)} s (exit ${f(b.drain && b.drain.exitMs / 1000, 1)} s)`,
    "≤ 5 s",
  ]);
  const storedRatio = b.stored && b.rawReconnect ? b.stored.ms / b.rawReconnect.openMs : undefined;
  rows.push([
    `${b.stored?.sessions ?? "—"} stored sessions → open: Wharf / raw reconnect of ${b.rawReconnect?.sessions ?? "—"}`,
    `${f(b.stored && b.stored.ms / 1000, 1)} / ${f(b.rawReconnect && b.rawReconnect.openMs / 1000, 1)} s = ${f(storedRatio)}×`,
    "≤ 1.3× (2 000 sessions)",
  ]);
  const stockRatio = b.stored && b.rawReconnectStock ? b.stored.ms / b.rawReconnectStock.openMs : undefined;
  rows.push([
    "  the same against raw Baileys with stock libsignal (pure-JS signature checks)",
    `${f(b.stored && b.stored.ms / 1000, 1)} / ${f(b.rawReconnectStock && b.rawReconnectStock.openMs / 1000, 1)} s = ${f(stockRatio)}×`,
    "report",
  ]);
  // what a fleet pays for on AWS, where the emulators do not share the worker's cores
  const openCpu = b.stored?.workerCpuMsPerSession;
  const rawOpenCpu = b.rawReconnect?.clientCpuMsPerSession;
  const stockOpenCpu = b.rawReconnectStock?.clientCpuMsPerSession;
  rows.push([
    "  worker CPU per opened session: Wharf / raw client (as installed; stock libsignal)",
    `${f(openCpu, 1)} / ${f(rawOpenCpu, 1)} ms = ${f(openCpu && rawOpenCpu ? openCpu / rawOpenCpu : undefined)}×; / ${f(stockOpenCpu, 1)} ms = ${f(openCpu && stockOpenCpu ? openCpu / stockOpenCpu : undefined)}×`,
    "report",
  ]);
  rows.push(["event-loop lag p99 while those open", `${f(b.stored?.lagP99Ms, 1)} ms`, "< 100 ms"]);
  for (const [rate, r] of Object.entries(b.dataPath?.rates ?? {})) {
    rows.push([
      `inbound event → WS frame p50 / p99 at ${rate} msg/s`,
      `${f(r.inbound.p50Ms, 1)} / ${f(r.inbound.p99Ms, 1)} ms`,
      "p99 ≤ 150 ms at 100 msg/s",
    ]);
    rows.push([
      `outbound POST → inbox p50 / p99 at ${rate} msg/s`,
      `${f(r.outbound.p50Ms, 1)} / ${f(r.outbound.p99Ms, 1)} ms (refused ${r.outbound.refused}: 429 ${r.outbound.tooMany ?? "—"}, 5xx ${r.outbound.serverErrors ?? "—"})`,
      "POST → sent p99 ≤ 200 ms at 100 msg/s",
    ]);
  }
  rows.push([
    "data path saturation (delivered ≥ 90 % of the offered rate, both ways)",
    saturation(b.dataPath),
    "≥ 300 msg/s",
  ]);
  const d = b.density;
  const raw = b.rawMemory;
  rows.push([
    `RSS per idle session, ${d?.sessions ?? "—"} sessions: Wharf / raw`,
    `${f(d?.rssPerSessionMb, 3)} / ${f(raw?.rssPerSessionMb, 3)} MB = ${f(d && raw ? d.rssPerSessionMb / raw.rssPerSessionMb : undefined)}×`,
    "≤ 1.3×",
  ]);
  // the fleet's density step opens stored sessions in one burst, as raw's reconnect does; the
  // row above compares it with raw's slower QR linking, whose RSS keeps less of the burst's garbage
  const burst = b.rawReconnect?.sessions === d?.sessions ? b.rawReconnect?.rssPerSessionMb : undefined;
  rows.push([
    "  the same RSS against raw after its reconnect burst",
    `${f(d?.rssPerSessionMb, 3)} / ${f(burst, 3)} MB = ${f(d && burst ? d.rssPerSessionMb / burst : undefined)}×`,
    "report",
  ]);
  rows.push([
    `heap per idle session, ${d?.sessions ?? "—"} sessions: Wharf / raw`,
    `${f(d?.heapPerSessionMb, 3)} / ${f(raw?.heapPerSessionMb, 3)} MB = ${f(d && raw ? d.heapPerSessionMb / raw.heapPerSessionMb : undefined)}×`,
    "≤ 0.5 MB and ≤ 1.3×",
  ]);
  rows.push(["idle worker liveness writes/s", f(b.idleWritesPerSecond), "≤ 1"]);
  return rows;
}

/** The highest rate run at which both directions kept up, and what each delivered at the next rate up. */
function saturation(d: DataPathFigures | undefined): string {
  const rates = Object.entries(d?.rates ?? {}).sort(([a], [b]) => Number(a) - Number(b));
  if (rates.length === 0 || rates.some(([, r]) => r.inbound.deliveredPerSecond === undefined)) return "not measured";
  const keptUp = ([rate, r]: (typeof rates)[number]) =>
    (r.inbound.deliveredPerSecond ?? 0) >= 0.9 * Number(rate) &&
    (r.outbound.deliveredPerSecond ?? 0) >= 0.9 * Number(rate) &&
    r.outbound.refused === 0;
  const firstShort = rates.find((e) => !keptUp(e));
  const lastKept = rates.filter(keptUp).at(-1)?.[0];
  const short = firstShort
    ? `; at ${firstShort[0]}: inbound ${f(firstShort[1].inbound.deliveredPerSecond, 1)}, outbound ${f(firstShort[1].outbound.deliveredPerSecond, 1)} msg/s delivered, ${firstShort[1].outbound.refused} refused`
    : `; every rate run (up to ${rates.at(-1)?.[0]}) kept up`;
  return `${lastKept ?? "none"} msg/s${short}`;
}

/**
 * "10: 6.1 / 8 · 100: …" from the data-path file; the POST side stops at the owner's inbox
 * (that bench runs no worker: the worker's own calls are the row "per sent message").
 */
function dataPathCalls(d: DataPathFigures | undefined): string {
  const per = Object.entries(d?.rates ?? {}).filter(([, r]) => r.sdkCalls);
  if (per.length === 0) return "not counted in this run";
  return per
    .map(([rate, r]) => `${rate}/s: ${f(r.sdkCalls?.perInboundEvent.total)} / ${f(r.sdkCalls?.perPost.total)}`)
    .join(" · ");
}

/** The per-command split at 100 msg/s (the targets' rate), or at the first rate measured. */
function callsDetail(d: DataPathFigures | undefined): { rate: string; text: string } | null {
  const rates = Object.entries(d?.rates ?? {}).filter(([, r]) => r.sdkCalls);
  const [rate, r] = rates.find(([x]) => x === "100") ?? rates[0] ?? [];
  if (!rate || !r?.sdkCalls) return null;
  const list = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, v]) => `${k} ${f(v)}`)
      .join(", ");
  return { rate, text: `${list(r.sdkCalls.perInboundEvent.byCommand)}; ${list(r.sdkCalls.perPost.byCommand)}` };
}

export function printRatioTable(rows: Row[]): void {
  const widths = [0, 1, 2].map((i) =>
    Math.max(...rows.map((r) => (r[i] ?? "").length), ["figure", "measured", "target"][i]!.length),
  );
  const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(["figure", "measured", "target"]));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}
