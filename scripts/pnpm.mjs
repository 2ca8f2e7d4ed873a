#!/usr/bin/env node
// Runs the pinned pnpm without needing it on PATH (corepack cannot download here).
// `install` is frozen to the lockfile and skipped when node_modules is already in sync.
import { spawnSync } from "node:child_process";
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
const r = spawnSync("npx", ["-y", PNPM, ...args], { stdio: "inherit" });
process.exit(r.status ?? 1);
