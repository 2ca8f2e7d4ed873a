import { readFileSync, readdirSync } from "node:fs";

/**
 * CPU time of other processes from /proc (Linux): utime + stime in clock ticks (USER_HZ, 100
 * on Linux x86-64). Used for the simulator and DynamoDB Local, whose code we do not preload.
 */
const TICK_MS = 10;

export function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // fields after the command name (which may hold spaces) start after the last ')'
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

/** Descendants of `root` whose command line contains `needle` (e.g. DynamoDB Local's java). */
export function findDescendant(root: number, needle: string): number | null {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {}
  }
  const isUnder = (pid: number) => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  for (const pid of parent.keys()) {
    if (!isUnder(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(needle)) return pid;
    } catch {}
  }
  return null;
}

/** This process's CPU ms (user + system). */
export const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU ms per named process between two snapshots. */
export function cpuSnapshot(procs: Record<string, () => number | Promise<number>>) {
  const take = async () =>
    Object.fromEntries(await Promise.all(Object.entries(procs).map(async ([k, f]) => [k, await f()] as const)));
  return {
    take,
    async since(before: Record<string, number>): Promise<Record<string, number>> {
      const now = await take();
      return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - (before[k] ?? 0)]));
    },
  };
}
