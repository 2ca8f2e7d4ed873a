#!/usr/bin/env node
// Runs the pinned pnpm without needing it on PATH (corepack cannot download here).
// `install` is frozen to the lockfile and skipped when node_modules is already in sync.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const PNPM = "pnpm@10.34.9";
const args = process.argv.slice(2);

if (args[0] === "install") {
  const marker = "node_modules/.modules.yaml";
  const lock = readFileSync("pnpm-lock.yaml", "utf8");
  const stamp = "node_modules/.wharf-lock";
  if (existsSync(marker) && existsSync(stamp) && readFileSync(stamp, "utf8") === lock) process.exit(0);
  const r = spawnSync("npx", ["-y", PNPM, "install", "--frozen-lockfile"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const { writeFileSync } = await import("node:fs");
  writeFileSync(stamp, lock);
  process.exit(0);
}
// pnpm runs behind npx and shells that do not pass a SIGINT on (a shell waits for its child
// instead). So pnpm runs in a process group of its own and every signal we get goes to that
// whole group, as a terminal's Ctrl-C would: `kill <npm pid>` stops the runtime too. We exit
// only once the group is empty, so npm returns after the runtime has stopped. The runtime also
// watches this process (WHARF_LAUNCHER_PID) in case it is SIGKILLed.
const child = spawn("npx", ["-y", PNPM, ...args], {
  stdio: "inherit",
  detached: true,
  env: { ...process.env, WHARF_LAUNCHER_PID: String(process.pid) },
});
const signalGroup = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => signalGroup(signal));
// our own parent (npm) gone without a signal: stop the group
const parent = process.ppid;
const watch = setInterval(() => {
  if (process.ppid !== parent) signalGroup("SIGTERM");
}, 500);
const groupAlive = () => {
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
};
child.once("exit", (code, signal) => {
  const status = code ?? (signal === "SIGINT" ? 130 : 143);
  // bounded: an unreaped zombie would keep the group "alive" forever
  const giveUpAt = Date.now() + 120_000;
  const done = setInterval(() => {
    if (groupAlive() && Date.now() < giveUpAt) return;
    clearInterval(done);
    clearInterval(watch);
    process.exit(status);
  }, 100);
});
