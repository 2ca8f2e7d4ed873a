#!/usr/bin/env node
// The cold-start bench's figures as CPU instruction counts (valgrind's callgrind), which a busy
// shared machine does not change the way it changes wall and CPU times: per handler, the
// instructions Node 24 executes to import the bundle, and to import it and handle one
// representative first event (first-events.mjs, against the local AWS stub of aws-stub.mjs),
// each less those of a Node 24 process that imports nothing. One run each is enough (the
// count varies by well under 1 %); each takes tens of seconds under valgrind.
//   node infra/bench/lambda-instructions.mjs [--only http,ws] [--plugins other-esbuild-plugins.mjs]
//     [--no-compile-cache]
// As deployed, with the V8 compile cache each bundle ships (infra/compile-cache.mjs: one import
// under Node 24 makes it); --no-compile-cache counts without it.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { compileCacheEnv, fillCompileCache, localNode } from "../compile-cache.mjs";
import { lambdaPlugins as deployedPlugins } from "../esbuild-plugins.mjs";
import { startAwsStub } from "./aws-stub.mjs";
import { FIRST_EVENTS } from "./first-events.mjs";
import { bundle, envFor, HANDLERS, node24 } from "./lambda-bundle.mjs";

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const pluginsFile = option("--plugins");
const lambdaPlugins = pluginsFile
  ? (await import(pathToFileURL(resolve(pluginsFile)).href)).lambdaPlugins
  : deployedPlugins;
const handlers = option("--only")?.split(",") ?? HANDLERS;
const compileCache = !args.includes("--no-compile-cache");

try {
  execFileSync("valgrind", ["--version"], { stdio: "ignore" });
} catch {
  console.error("valgrind is not installed: this bench counts instructions with its callgrind tool");
  process.exit(1);
}

/** Instructions of one Node 24 process: `none` imports nothing, `import` the bundle, `first` also handles the event. */
function count(node, mode, file, handler, env) {
  const code =
    "if(process.env.BENCH_MODE!=='none'){const m=await import(process.env.BENCH_FILE);" +
    "if(process.env.BENCH_MODE==='first')await m.handler(JSON.parse(process.env.BENCH_EVENT),{awsRequestId:'bench'});}" +
    "process.exit(0)";
  const valgrind = ["--tool=callgrind", "--callgrind-out-file=/dev/null", "--smc-check=all-non-file"];
  return new Promise((done, fail) => {
    const child = spawn("valgrind", [...valgrind, node, "--input-type=module", "-e", code], {
      env: {
        ...env,
        BENCH_MODE: mode,
        BENCH_FILE: file ?? "",
        BENCH_EVENT: JSON.stringify(FIRST_EVENTS[handler]?.event ?? null),
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (status) => {
      const collected = /Collected : (\d+)/.exec(err);
      if (status !== 0 || !collected) return fail(new Error(`${handler ?? "node"} ${mode}: ${err.slice(-500)}`));
      done(Number(collected[1]));
    });
  });
}

/** Fills the bundle's compile cache as a deploy does (one import) and answers the env that uses it. */
function withCompileCache(node, file) {
  fillCompileCache({ dir: dirname(file), entry: basename(file), command: localNode(node) });
  return compileCacheEnv(dirname(file));
}

const node = node24();
const stub = await startAwsStub();
const env = (handler) => ({ ...envFor(handler), ...stub.env });
const outroot = mkdtempSync(join(tmpdir(), "wharf-lambda-instructions-"));
const millions = (n) => (n / 1e6).toFixed(0);
try {
  const empty = await count(node, "none", null, null, env(null));
  console.log(
    `Node 24 instructions (millions, callgrind) beyond an empty process (${millions(empty)} M); ` +
      `bundled with ${pluginsFile ?? "infra/esbuild-plugins.mjs"} + splitting` +
      (compileCache ? "; with the compile cache a deploy ships" : "; WITHOUT the compile cache"),
  );
  console.log("handler  import M  import + 1st event M  load (1m)");
  for (const handler of handlers) {
    const b = await bundle(handler, join(outroot, handler), { plugins: lambdaPlugins() });
    const cache = compileCache ? withCompileCache(node, b.file) : {};
    const imported = await count(node, "import", b.file, handler, { ...env(handler), ...cache });
    const first = await count(node, "first", b.file, handler, { ...env(handler), ...cache });
    console.log(
      `${handler.padStart(7)}  ${millions(imported - empty).padStart(8)}  ${millions(first - empty).padStart(20)}  ${loadavg()[0].toFixed(1).padStart(9)}`,
    );
  }
} finally {
  rmSync(outroot, { recursive: true, force: true });
  await stub.close();
}
