import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot } from "./paths";

/**
 * `npm start` as a user runs it, through npm, scripts/pnpm.mjs, npx, pnpm, shells and tsx:
 * a signal sent to the top process alone (not the terminal's whole group) stops everything,
 * and a SIGKILLed runtime leaves no java and no worker behind.
 */

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** every process below `root` (ps snapshot) with its command line */
function descendants(root: number): Array<{ pid: number; ppid: number; cmd: string }> {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), cmd: m[3]! }));
  const out: Array<{ pid: number; ppid: number; cmd: string }> = [];
  const walk = (pid: number) => {
    for (const r of rows.filter((x) => x.ppid === pid)) {
      out.push(r);
      walk(r.pid);
    }
  };
  walk(root);
  return out;
}

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const started: Array<{ child: ChildProcess; tree: number[]; dir: string }> = [];
afterEach(() => {
  // whatever a failed test left running
  for (const { child, tree, dir } of started.splice(0)) {
    for (const pid of [child.pid ?? -1, ...tree]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

/** `npm start -- …` until the banner is printed; returns the npm process and its process tree */
async function npmStart() {
  const dir = mkdtempSync(join(tmpdir(), "wharf-lifecycle-"));
  const child = spawn("npm", ["start", "--", "--port", "0", "--in-memory", "--data-dir", dir, "--workers", "1"], {
    cwd: repoRoot(),
    // its own group: only the signals this test sends reach it
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WHARF_SKIP_WEB_BUILD: "1" },
  });
  const entry = { child, tree: [] as number[], dir };
  started.push(entry);
  let out = "";
  child.stdout?.on("data", (c: Buffer) => {
    out += c.toString("utf8");
  });
  child.stderr?.on("data", (c: Buffer) => {
    out += c.toString("utf8");
  });
  await until("the banner", () => out.includes("Ctrl-C stops everything") || child.exitCode !== null, 150_000);
  expect(child.exitCode, out).toBeNull();
  const tree = descendants(child.pid as number);
  entry.tree = tree.map((p) => p.pid);
  return { child, tree, out: () => out };
}

const find = (tree: Array<{ pid: number; ppid: number; cmd: string }>, re: RegExp) =>
  tree.filter((p) => re.test(p.cmd));

describe("npm start: process lifecycle", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} to the npm process alone stops the runtime, the worker and java`, async () => {
      const { child, tree } = await npmStart();
      expect(find(tree, /DynamoDBLocal\.jar/)).toHaveLength(1);
      expect(find(tree, /fleet.*main\.ts|src\/main\.ts/).length).toBeGreaterThanOrEqual(2);
      child.kill(signal);
      await until("every process of the tree gone", () => tree.every((p) => !alive(p.pid)), 120_000);
      await until("npm itself gone", () => child.exitCode !== null || child.signalCode !== null, 10_000);
    }, 300_000);
  }

  it("SIGKILL of the runtime process leaves no java and no fleet worker behind", async () => {
    const { tree } = await npmStart();
    const java = find(tree, /DynamoDBLocal\.jar/);
    expect(java).toHaveLength(1);
    // the runtime: the node process whose child is java; the workers are its node children
    const runtimePid = java[0]!.ppid;
    const workers = find(tree, /fleet\/src\/main\.ts/).filter((p) => p.ppid === runtimePid);
    expect(workers).toHaveLength(1);
    process.kill(runtimePid, "SIGKILL");
    await until("java gone", () => !alive(java[0]!.pid), 30_000);
    await until("the workers gone", () => workers.every((w) => !alive(w.pid)), 120_000);
  }, 300_000);
});
