import module from "node:module";

/**
 * Whether this cold start reads the V8 compile cache shipped beside the bundle (infra/
 * compile-cache.mjs): `used`; `unmatched` when Node could not use it (made by another Node
 * build: Node then compiles the whole bundle, slower but correct); `off` when none is set.
 */
export type CompileCacheStatus = "used" | "unmatched" | "off";

// Node ≥ 22.8 (Lambda runs 24); the project's Node 20 typings do not know it yet
const nodeModule = module as { getCompileCacheDir?: () => string | undefined };

export function compileCacheStatus(
  env: Record<string, string | undefined>,
  cacheDir: () => string | undefined = () => nodeModule.getCompileCacheDir?.(),
): CompileCacheStatus {
  if (!env.NODE_COMPILE_CACHE) return "off";
  return cacheDir() ? "used" : "unmatched";
}
