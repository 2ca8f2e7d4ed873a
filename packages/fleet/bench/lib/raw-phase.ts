import { join } from "node:path";
import { type BenchEnv, openTimeoutMs } from "./env";
import { FLEET_DIR, forkMeasured } from "./processes";
import { log, memoryPerSession, pool, round, sleep } from "./util";

/**
 * 7. the raw-Baileys baseline against the same simulator: heap and RSS per freshly paired
 * socket at each step, the reconnect of all of them with their (in-memory) creds, and the
 * send ceiling over `sendSockets` sockets with the client's and the simulator's CPU per message.
 */
export async function rawBaseline(env: BenchEnv, opts: { steps: number[]; sendSockets: number; sends: number }) {
  const n = opts.steps.at(-1) ?? 0;
  const accounts: string[] = [];
  await pool(
    Array.from({ length: n }),
    20,
    async () => void accounts.push((await env.sim.admin<{ id: string }>("POST", "/accounts", {})).id),
  );
  const raw = forkMeasured(join(FLEET_DIR, "bench/raw-baileys.ts"), {}, env.sim.rootKey, [
    "--import",
    "./bench/stock-verify.mjs",
  ]);
  env.stopAll.push(async () => raw.child.kill("SIGKILL"));
  await raw.ready;
  const empty = await raw.measure();
  const density: Array<Record<string, number>> = [];
  let linkedCount = 0;
  let linkMs = 0;
  for (const step of opts.steps) {
    const r = await raw.request<{ ms: number }>(
      {
        cmd: "link",
        ids: accounts.slice(linkedCount, step),
        url: env.sim.url,
        adminUrl: env.sim.adminUrl,
        concurrency: 16,
      },
      openTimeoutMs(step - linkedCount),
    );
    linkMs += r.ms;
    linkedCount = step;
    await sleep(3_000);
    const m = await raw.measure();
    density.push({
      sessions: step,
      heapUsedMb: m.heapUsedMb,
      rssMb: m.rssMb,
      ...memoryPerSession(m, empty, step),
    });
    log("raw density (paired)", { ...density.at(-1)!, spacesMb: m.spacesMb });
  }
  // every socket ends, then reconnects with its stored (in-memory) creds, as the fleet's did
  const reconnectAll = async (stockVerify: boolean) => {
    await raw.request({ cmd: "end" });
    const r = await raw.request<{ ms: number; cpuMs: number; open: number }>(
      { cmd: "reconnect", count: linkedCount, stockVerify },
      openTimeoutMs(linkedCount),
    );
    // a reconnect that brought fewer sockets back is no baseline (it once "took" 15 ms for none)
    if (r.open !== linkedCount)
      throw new Error(`raw reconnect${stockVerify ? " (stock)" : ""}: ${r.open}/${linkedCount} sockets open`);
    return { ms: r.ms, clientCpuMsPerSession: round(r.cpuMs / linkedCount, 1) };
  };
  await raw.request({ cmd: "hellos" });
  const again = await reconnectAll(false);
  // the same count as the worker's stored → open: server hellos handled in one turn of the loop
  const hellos = await raw.request<{ maxPerTurn: number; overTwo: number }>({ cmd: "hellos" });
  await sleep(3_000);
  const m = await raw.measure();
  const reconnected = {
    sessions: linkedCount,
    openMs: again.ms,
    clientCpuMsPerSession: again.clientCpuMsPerSession,
    hellosPerTurn: { max: hellos.maxPerTurn, overTwo: hellos.overTwo },
    heapUsedMb: m.heapUsedMb,
    rssMb: m.rssMb,
    ...memoryPerSession(m, empty, linkedCount),
  };
  log("raw reconnected", { ...reconnected, spacesMb: m.spacesMb });

  // the same reconnect with stock libsignal's pure-JS signature checks: raw Baileys as npm has it
  const stock = await reconnectAll(true);
  const reconnectedStock = {
    sessions: linkedCount,
    openMs: stock.ms,
    clientCpuMsPerSession: stock.clientCpuMsPerSession,
  };
  log("raw reconnected (stock libsignal)", reconnectedStock);

  let send: Record<string, unknown> | null = null;
  if (opts.sends > 0) {
    const sim0 = env.cpu.sim();
    const r = await raw.request<{ ms: number; sent: number; cpuMs: number; ok: boolean; error?: string }>({
      cmd: "send",
      sockets: Math.min(opts.sendSockets, linkedCount),
      total: opts.sends,
      to: "4915100009999",
    });
    if (!r.ok) throw new Error(`raw send: ${r.error}`);
    const simCpu = env.cpu.sim() - sim0;
    send = {
      sockets: Math.min(opts.sendSockets, linkedCount),
      sent: r.sent,
      ms: r.ms,
      perSecond: round((r.sent / r.ms) * 1000, 1),
      cpuMsPerMessage: { client: round(r.cpuMs / r.sent, 3), sim: round(simCpu / r.sent, 3) },
    };
    log("raw send ceiling", send);
  }
  raw.child.kill("SIGTERM");
  return { empty, linkMs, density, reconnected, reconnectedStock, send };
}
