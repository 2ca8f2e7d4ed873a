import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo root (the directory holding pnpm-workspace.yaml), found from this file. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Default data directory: `.wharf` at the repo root, wherever `npm start` was run from. */
export function defaultDataDir(): string {
  return resolve(repoRoot(), ".wharf");
}
