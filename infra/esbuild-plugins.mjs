// esbuild plugins SST applies to every control Lambda (functions.ts `nodejs.plugins`) and the
// cold-start bench applies the same way (bench/lambda-cold-start.mjs), so the bench measures
// what deploys. Each one trims what a cold start compiles or runs before the first event.
import { readFile } from "node:fs/promises";
import { builtinModules, createRequire } from "node:module";
import { dirname, join, sep } from "node:path";

/**
 * zod re-exports all ~50 of its locales (about 270 KB) through `locales/index.js`, though
 * Wharf only ever uses the default English messages. This swaps that one module for one
 * exporting `en` alone; zod's default error map (which imports locales/en.js directly) and
 * every message stay exactly the same.
 */
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

const WORKSPACE_SOURCE = `${sep}packages${sep}`;

/**
 * The workspace packages' modules only define things (schemas, functions, classes); none
 * changes global state at import. Telling esbuild so lets it drop every module a Lambda
 * never uses, though each package exposes one `export *` index: without it every zod schema
 * of contracts (and their construction at import, the dearest part of a cold start) lands in
 * every bundle.
 */
export function workspaceWithoutSideEffects() {
  return {
    name: "wharf-workspace-side-effect-free",
    setup(b) {
      b.onResolve({ filter: /^(@wharf\/|\.{1,2}\/)/ }, async (args) => {
        if (args.pluginData === "wharf-side-effects") return undefined;
        if (!args.importer.includes(WORKSPACE_SOURCE) || args.importer.includes(`${sep}node_modules${sep}`))
          return undefined;
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: "wharf-side-effects",
        });
        if (resolved.errors.length > 0 || resolved.external) return resolved;
        const own = resolved.path.includes(WORKSPACE_SOURCE) && !resolved.path.includes(`${sep}node_modules${sep}`);
        return own && !resolved.path.endsWith(".json") ? { ...resolved, sideEffects: false } : resolved;
      });
    },
  };
}

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith("_")));
const requireBuiltin = createRequire(import.meta.url);

/**
 * Node builds an ES module facade for a builtin imported with `import`, reading every export
 * once, lazy getters included: `node:http` then loads all of undici (fetch, WebSocket) and
 * `node:crypto` all of WebCrypto, tens of ms a cold start never uses. Going through
 * `require` instead reads only the exports the bundle imports (each read is marked pure, so
 * esbuild drops the unused ones); an import of a name the builtin lacks fails the build.
 * A builtin in `lazy` is not even required until one of its functions is first called: the
 * bundle gets a stand-in function per name (`new` works too). Only for builtins whose
 * imported names are all functions and never compared by identity: the SDK reads `crc32`
 * from zlib at import but calls it only for checksums no control Lambda asks for.
 */
export const LAZY_BUILTINS = ["node:zlib"];

export function builtinsThroughRequire({ lazy = LAZY_BUILTINS } = {}) {
  return {
    name: "wharf-builtins-through-require",
    setup(b) {
      b.onResolve({ filter: /^[a-z_:/0-9]+$/ }, (args) => {
        const bare = args.path.replace(/^node:/, "");
        if (args.namespace === "wharf-builtin" || bare === "module" || !BUILTINS.has(bare)) return undefined;
        if (args.kind !== "import-statement") return undefined;
        return { path: `node:${bare}`, namespace: "wharf-builtin" };
      });
      b.onLoad({ filter: /.*/, namespace: "wharf-builtin" }, (args) => {
        const mod = requireBuiltin(args.path);
        const names = Object.entries(Object.getOwnPropertyDescriptors(mod))
          .filter(([name]) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== "default")
          .map(([name]) => name);
        const id = JSON.stringify(args.path);
        if (lazy.includes(args.path)) {
          const functions = names.filter((n) => typeof mod[n] === "function");
          return {
            contents: [
              `import { createRequire } from "node:module";`,
              "let __wharfBuiltin;",
              `const __wharfLoad = () => (__wharfBuiltin ??= createRequire(import.meta.url)(${id}));`,
              "const __wharfLazy = (name) => function (...args) {",
              "  const f = __wharfLoad()[name];",
              "  return new.target ? Reflect.construct(f, args, new.target) : f.apply(this, args);",
              "};",
              "const __wharfRead = (name) => __wharfLoad()[name];",
              "export default /* @__PURE__ */ __wharfLoad();",
              ...names.map((n) =>
                functions.includes(n)
                  ? `export const ${n} = /* @__PURE__ */ __wharfLazy(${JSON.stringify(n)});`
                  : `export const ${n} = /* @__PURE__ */ __wharfRead(${JSON.stringify(n)});`,
              ),
            ].join("\n"),
            loader: "js",
          };
        }
        return {
          contents: [
            `import { createRequire } from "node:module";`,
            `const __wharfBuiltin = createRequire(import.meta.url)(${id});`,
            "const __wharfRead = (name) => __wharfBuiltin[name];",
            "export default __wharfBuiltin;",
            ...names.map((n) => `export const ${n} = /* @__PURE__ */ __wharfRead(${JSON.stringify(n)});`),
          ].join("\n"),
          loader: "js",
        };
      });
    },
  };
}

/**
 * Modules no control Lambda uses but that load at every cold start: pino's transports (worker
 * threads; Lambdas log to stdout) and its `redact` option (Wharf never logs what would need
 * it), zod's schema compiler (`z.compile`) and JSON Schema importer (`z.fromJSONSchema`).
 * Each is only reachable by calling those APIs, which Wharf does not (esbuild-plugins.test.ts
 * checks the sources), so a stub stands in: the same export names (esbuild fails the build if
 * an import names one the stub lacks), each throwing if called, so a future use fails loudly
 * instead of silently doing less.
 */
export const UNUSED_MODULES = [
  { filter: /[\\/]pino[\\/]lib[\\/]transport\.js$/, api: "pino.transport", format: "cjs" },
  { filter: /[\\/]@pinojs[\\/]redact[\\/]index\.js$/, api: "pino's redact option", format: "cjs" },
  { filter: /[\\/]zod[\\/]v4[\\/]core[\\/]compile\.js$/, api: "z.compile", format: "esm" },
  { filter: /[\\/]zod[\\/]v4[\\/]classic[\\/]from-json-schema\.js$/, api: "z.fromJSONSchema", format: "esm" },
  // the SDK's browser user-agent parser: imported only by its browser runtime config, but
  // esbuild writes a chunk for every import() it sees (33 KB of every bundle, never loaded)
  { filter: /[\\/]bowser[\\/]bowser\.mjs$/, api: "bowser (the SDK's browser user agent)", format: "esm" },
  // credential sources a Lambda never has (shared ini files, SSO, credential_process, a web
  // identity token file): the runtime puts the role's keys in the environment, which the
  // SDK's default chain reads first. Each stand-in answers "not here" (tryNextLink) the way the
  // real one would on Lambda, so the chain goes on; ~70 KB of chunks (STS, SSO clients) less.
  {
    filter: /[\\/]@aws-sdk[\\/]credential-provider-(sso|ini|process|web-identity)[\\/]dist-es[\\/]index\.js$/,
    api: "this AWS credential source (shared ini files, SSO, credential_process, web identity token file)",
    format: "credentials",
  },
  // @wharf/aws's eager S3 entry points (the fleet and the local runtime use them): the Lambdas
  // use lazyS3BlobStore, whose chunk loads S3 on the first media call. Re-exported through the
  // package index, they would put the S3 client back into every cold start.
  {
    filter: /[\\/]packages[\\/]aws[\\/]src[\\/]media[\\/]blob-store\.ts$/,
    api: "@wharf/aws's createS3Client / createS3BlobStore / ensureBucket (Lambdas use lazyS3BlobStore)",
    format: "esm",
  },
];

const EXPORT_NAME = /^export\s+(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm;
const EXPORT_LIST = /^export\s*{([^}]*)}/gm;

/** The value names an ES module exports: declarations and `export { a, b as c }` lists (types skipped). */
function exportNames(source) {
  const listed = [...source.matchAll(EXPORT_LIST)].flatMap((m) =>
    m[1]
      .split(",")
      .map((spec) => spec.trim())
      .filter((spec) => spec && !spec.startsWith("type "))
      .map((spec) => spec.split(/\s+as\s+/).pop()),
  );
  return [...[...source.matchAll(EXPORT_NAME)].map((m) => m[1]), ...listed];
}

export function stubUnusedModules(modules = UNUSED_MODULES) {
  return {
    name: "wharf-unused-modules",
    setup(b) {
      for (const { filter, api, format } of modules) {
        b.onLoad({ filter }, async (args) => {
          const source = await readFile(args.path, "utf8");
          // a plain function, not an arrow: `x instanceof Stub` stays valid (false)
          const unavailable = `function () { throw new Error(${JSON.stringify(`${api} is not bundled in Wharf's Lambdas (infra/esbuild-plugins.mjs)`)}); }`;
          if (format === "cjs") return { contents: `module.exports = ${unavailable};`, loader: "js" };
          if (format === "credentials") {
            // a provider factory whose provider declines, as @smithy's CredentialsProviderError does
            const declines = `function () { return async () => { throw Object.assign(new Error(${JSON.stringify(`${api} is not bundled in Wharf's Lambdas (infra/esbuild-plugins.mjs)`)}), { name: "CredentialsProviderError", tryNextLink: true }); }; }`;
            return {
              contents: exportNames(source)
                .map((n) => `export const ${n} = ${declines};`)
                .join("\n"),
              loader: "js",
            };
          }
          const names = exportNames(source);
          if (names.length === 0) throw new Error(`${args.path}: no exports found to stub`);
          return {
            contents: names
              .map((n) => (n === "default" ? `export default ${unavailable};` : `export const ${n} = ${unavailable};`))
              .join("\n"),
            loader: "js",
          };
        });
      }
    },
  };
}

/**
 * sonic-boom (pino's stdout writer) requires `assert` (5 ms of Node internals at a cold
 * start) for one check when a stream closes; a stand-in requires it on that first call.
 * If a new sonic-boom no longer has the line, the module is bundled as it is.
 */
export function lazyAssertInSonicBoom() {
  const line = "const assert = require('assert')";
  return {
    name: "wharf-lazy-assert-in-sonic-boom",
    setup(b) {
      b.onLoad({ filter: /[\\/]sonic-boom[\\/]index\.js$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        if (!source.includes(line)) return undefined;
        return {
          contents: source.replace(line, "const assert = (...args) => require('assert')(...args)"),
          loader: "js",
        };
      });
    },
  };
}

/** What SST loads for every control Lambda (functions.ts: `nodejs.plugins`). */
export const lambdaPlugins = () => [
  englishOnlyZodLocales(),
  workspaceWithoutSideEffects(),
  builtinsThroughRequire(),
  stubUnusedModules(),
  lazyAssertInSonicBoom(),
];

export default lambdaPlugins();
