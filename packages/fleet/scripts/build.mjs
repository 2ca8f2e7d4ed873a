#!/usr/bin/env node
// Compiles the worker to one ESM file, dist/main.js, for the image (no tsx at run time).
// The workspace packages (@wharf/*, TypeScript) and their small dependencies are bundled;
// the fleet's own npm dependencies stay external and come from node_modules, installed by
// `pnpm deploy --prod`: Baileys loads protobuf and optional native helpers at run time,
// which bundlers handle poorly, and the AWS SDK and pino are installed anyway.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
export const EXTERNAL = Object.keys(pkg.dependencies).filter((name) => !name.startsWith("@wharf/"));

const result = await build({
  entryPoints: [join(root, "src/main.ts")],
  outfile: join(root, "dist/main.js"),
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  // an exact name or a subpath of it (e.g. @whiskeysockets/baileys/lib/…)
  external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
  // bundled CommonJS dependencies may call require(): give the ESM bundle one
  banner: {
    js: 'import { createRequire as __wharfCreateRequire } from "node:module"; const require = __wharfCreateRequire(import.meta.url);',
  },
  sourcemap: "linked",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(
  `dist/main.js built (${(bytes / 1024).toFixed(0)} KB with its source map); external: ${EXTERNAL.join(", ")}`,
);
