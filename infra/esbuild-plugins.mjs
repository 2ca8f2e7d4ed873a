// esbuild plugin: zod re-exports all ~50 of its locales (about 270 KB) through
// `locales/index.js`, though Wharf only ever uses the default English messages. This swaps
// that one module for one exporting `en` alone; zod's default error map (which imports
// locales/en.js directly) and every message stay exactly the same.
import { dirname, join } from "node:path";

export function englishOnlyZodLocales() {
  return {
    name: "wharf-zod-english-locale",
    setup(b) {
      b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => {
        if (!/[\\/]zod[\\/]/.test(args.importer)) return undefined;
        return { path: join(dirname(args.importer), args.path), namespace: "zod-en-locales" };
      });
      b.onLoad({ filter: /.*/, namespace: "zod-en-locales" }, (args) => ({
        contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), "en.js"))};`,
        loader: "js",
        resolveDir: dirname(args.path),
      }));
    },
  };
}

/** SST loads this file for every control Lambda (functions.ts: `nodejs.plugins`). */
export default [englishOnlyZodLocales()];
