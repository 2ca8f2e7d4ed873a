#!/usr/bin/env node
// Runs before `npm start`: builds the dashboard (pnpm --filter @wharf/web build) when
// packages/web/dist is missing or older than anything it is built from, so the local runtime
// always serves the current UI at `/`. Plain Node (no tsx) to keep the check instant.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const web = join(root, "packages", "web");
const built = join(web, "dist", "index.html");

// The dashboard's inputs: its own sources and config, and the contracts it imports.
const inputs = [
  join(web, "src"),
  join(web, "public"),
  join(web, "index.html"),
  join(web, "vite.config.ts"),
  join(web, "package.json"),
  join(root, "packages", "contracts", "src"),
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.endsWith(".test.ts") || entry.endsWith(".test.tsx")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function reason() {
  if (process.env.WHARF_SKIP_WEB_BUILD === "1") return null;
  if (!existsSync(built)) return "packages/web/dist is missing";
  const builtAt = statSync(built).mtimeMs;
  return inputs.some((p) => newestMtime(p) > builtAt) ? "the dashboard sources changed since the last build" : null;
}

const why = reason();
if (why) {
  process.stdout.write(`wharf: building the dashboard (${why})…\n`);
  const r = spawnSync(process.execPath, [join(root, "scripts", "pnpm.mjs"), "--filter", "@wharf/web", "build"], {
    cwd: root,
    stdio: "inherit",
  });
  if (r.status !== 0) {
    // The API works without the dashboard: say so and start anyway (`/` explains what is missing).
    process.stderr.write("wharf: the dashboard build failed; starting the API without a fresh dashboard\n");
  }
}
