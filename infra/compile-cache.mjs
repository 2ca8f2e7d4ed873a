// A V8 code cache shipped beside each Lambda bundle: Node's module compile cache in portable
// mode (NODE_COMPILE_CACHE + NODE_COMPILE_CACHE_PORTABLE), filled at build time by one import
// of the bundle under the Lambda runtime's own Node. A cold start then skips compiling the
// bundle's top level (bench: http import 127 → 112 ms, events 151 → 120 ms). Node files the
// cache under a directory named after its version, architecture and V8 flags, so a Lambda
// running another Node build finds no entry and compiles as before: a mismatch loses the gain,
// never correctness. Plain JavaScript: SST's config and the benches load it without a TS step.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { pathToFileURL } from "node:url";

/** Where the cache sits, relative to the Lambda's task root (the zip's root). */
export const COMPILE_CACHE_DIR = ".node-compile-cache";
export const LAMBDA_TASK_ROOT = "/var/task";
/**
 * AWS's base image with the same Node as the managed nodejs24.x runtime. Not pinned by digest
 * on purpose: it must carry the runtime version Lambda applies at this deploy (the functions
 * take runtime updates only on deploy: runtimeManagementConfig FunctionUpdate).
 */
export const LAMBDA_NODE_IMAGE = "public.ecr.aws/lambda/nodejs:24";

/** The Lambda environment that points Node at the shipped cache (read-only there: never written). */
export function compileCacheEnv(root = LAMBDA_TASK_ROOT) {
  return { NODE_COMPILE_CACHE: posix.join(root, COMPILE_CACHE_DIR), NODE_COMPILE_CACHE_PORTABLE: "1" };
}

/**
 * What a control Lambda's entry module reads at import, with values that reach no AWS service:
 * the build-time import only compiles and runs the top level, it never handles an event.
 */
export const IMPORT_ENV = {
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "compile-cache",
  AWS_SECRET_ACCESS_KEY: "compile-cache",
  WHARF_STAGE: "build",
  WHARF_TABLE_NAME: "wharf-build-Table",
  WHARF_ADMIN_KEY_HASH: "0".repeat(64),
  WHARF_TOKEN_KEY: "k".repeat(48),
  WHARF_PLACEMENT_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/placement",
  WHARF_WEBHOOKS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/webhooks",
  WHARF_EVENTS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/events.fifo",
  WHARF_REALTIME_URL: "wss://realtime.example",
  WHARF_REALTIME_MANAGEMENT_URL: "https://realtime.example/build",
  WHARF_MEDIA_BUCKET: "wharf-build-media",
  WHARF_METRICS: "emf",
  LOG_LEVEL: "silent",
};

/** The bundled entry SST writes for a handler path ("dir/file.handler" → "dir/file.mjs"). */
export function entryOf(handler) {
  const dot = handler.lastIndexOf(".");
  if (dot <= 0 || handler.includes("/", dot)) throw new Error(`not a handler path (file.export): ${handler}`);
  return `${handler.slice(0, dot)}.mjs`;
}

/** Node arguments that import one module and exit (the top level runs; no event is handled). */
export function importArgs(file) {
  return ["--input-type=module", "-e", `await import(${JSON.stringify(pathToFileURL(file).href)}); process.exit(0)`];
}

/**
 * `docker run` arguments that import the entry under the Lambda image's Node, on the function's
 * architecture (arm64 runs under QEMU on an x86 runner), with the bundle mounted where Lambda
 * unpacks it, so the cache's relative paths are the deployed ones.
 */
export function dockerArgs({ dir, entry, architecture, image = LAMBDA_NODE_IMAGE }) {
  const env = { ...IMPORT_ENV, ...compileCacheEnv(LAMBDA_TASK_ROOT) };
  return [
    "run",
    "--rm",
    "--platform",
    architecture === "arm64" ? "linux/arm64" : "linux/amd64",
    "--entrypoint",
    "/var/lang/bin/node",
    "--volume",
    `${dir}:${LAMBDA_TASK_ROOT}`,
    "--workdir",
    LAMBDA_TASK_ROOT,
    ...Object.entries(env).flatMap(([k, v]) => ["--env", `${k}=${v}`]),
    image,
    ...importArgs(posix.join(LAMBDA_TASK_ROOT, entry)),
  ];
}

/** The cache's entries per Node build (`v24.x.y-arm64-<flags>-0` → bytes), empty when none. */
export function cacheContents(dir) {
  const root = join(dir, COMPILE_CACHE_DIR);
  if (!existsSync(root)) return {};
  const builds = {};
  for (const build of readdirSync(root)) {
    const files = readdirSync(join(root, build));
    if (files.length > 0) builds[build] = files.reduce((sum, f) => sum + statSync(join(root, build, f)).size, 0);
  }
  return builds;
}

/**
 * Fills `dir`'s compile cache by importing `entry` once with `command` ({ file, args, env }):
 * a local Node (benches, tests) or docker with the Lambda image (deploys). Throws with the
 * process's own words when the import fails or leaves no cache.
 */
export function fillCompileCache({ dir, entry, command }) {
  if (!existsSync(join(dir, entry))) throw new Error(`compile cache: ${entry} is not in ${dir}`);
  const run = spawnSync(command.file, command.args(dir, entry), {
    env: command.env(dir),
    encoding: "utf8",
    timeout: 300_000,
  });
  if (run.error || run.status !== 0) {
    const why = run.error?.message ?? `exit ${run.status}: ${(run.stderr ?? "").slice(-800)}`;
    throw new Error(`compile cache: importing ${entry} failed (${why})`);
  }
  const builds = cacheContents(dir);
  if (Object.keys(builds).length === 0) throw new Error(`compile cache: importing ${entry} wrote no cache`);
  return builds;
}

/** A Node binary on this machine as the cache's maker. */
export function localNode(node) {
  return {
    file: node,
    args: (dir, entry) => importArgs(join(dir, entry)),
    env: (dir) => ({ PATH: process.env.PATH, ...IMPORT_ENV, ...compileCacheEnv(dir) }),
  };
}

/** The Lambda base image through docker as the cache's maker. */
export function dockerNode({ architecture, image = LAMBDA_NODE_IMAGE }) {
  // the docker CLI keeps its own environment (DOCKER_HOST, credentials); the container gets --env
  return {
    file: "docker",
    args: (dir, entry) => dockerArgs({ dir, entry, architecture, image }),
    env: () => process.env,
  };
}

/**
 * How a deploy makes the cache, from WHARF_LAMBDA_COMPILE_CACHE (read by the build hook, at
 * deploy time): `docker` (CI: must succeed), `off`, or unset/`auto` = try docker when this
 * machine has it, else (or when it fails) none: the functions work the same with slower cold
 * starts, and a warning says so.
 */
export function compileCacheMode(value) {
  if (value === undefined || value === "" || value === "auto") return "auto";
  if (value === "docker" || value === "off") return value;
  throw new Error(`WHARF_LAMBDA_COMPILE_CACHE must be docker, off or auto, not ${JSON.stringify(value)}`);
}

const hasDocker = () => spawnSync("docker", ["version"], { stdio: "ignore" }).status === 0;

/** SST's `hook.postbuild` for one Lambda: fills the cache in the directory SST zips. */
export function compileCacheHook({ handler, architecture, image = LAMBDA_NODE_IMAGE }) {
  return async (dir, { env = process.env, docker = hasDocker, log = console.warn } = {}) => {
    const mode = compileCacheMode(env.WHARF_LAMBDA_COMPILE_CACHE);
    if (mode === "off") return;
    if (mode === "auto" && !docker()) {
      log(`${handler}: no docker here, so no compile cache; cold starts compile the whole bundle`);
      return;
    }
    try {
      fillCompileCache({ dir, entry: entryOf(handler), command: dockerNode({ architecture, image }) });
    } catch (err) {
      // auto: e.g. Docker without arm64 emulation; the function still deploys, only slower to start
      if (mode === "docker") throw err;
      log(`${handler}: ${err.message}; deploying without a compile cache`);
    }
  };
}
