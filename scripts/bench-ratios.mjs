#!/usr/bin/env node
/**
 * Issue 13's ratios in one run: the local data-path bench (packages/local/bench/data-path.ts
 * at --rates, default 10,50,100,200,300 msg/s, --rate-seconds each) writes its figures to a file, then
 * the fleet bench (packages/fleet/bench/run.ts, every other argument) runs and prints the one
 * table "figure | measured | target" with them. Two steps because a fleet file may not reach
 * into @wharf/local (DESIGN §2).
 *   npm run bench:ratios -- --sessions 100 --cycles 1 --idle-seconds 10 --rate-seconds 3
 */
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const argv = process.argv.slice(2).filter((a) => a !== "--");
const take = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const [v] = argv.splice(i, 2).slice(1);
  return v;
};
const rates = take("rates", "10,50,100,200,300");
const seconds = take("rate-seconds", "5");
const file = join(tmpdir(), `wharf-data-path-${Date.now().toString(36)}.json`);
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
const run = (cwd, args) => {
  const r = spawnSync("npx", ["tsx", ...args], { cwd: join(root, cwd), stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run("packages/local", ["bench/data-path.ts", "--rates", rates, "--seconds", seconds, "--json", file]);
run("packages/fleet", ["bench/run.ts", ...argv, "--data-path-json", file]);
