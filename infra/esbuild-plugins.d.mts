// Types for esbuild-plugins.mjs (plain JavaScript, since SST loads it without a TypeScript step).
/** An esbuild plugin (esbuild's own type, without importing esbuild from production code). */
export interface Plugin {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: esbuild's PluginBuild, not imported here
  setup: (build: any) => void | Promise<void>;
}

export interface UnusedModule {
  filter: RegExp;
  api: string;
  format: "cjs" | "esm";
}

export function englishOnlyZodLocales(): Plugin;
export function workspaceWithoutSideEffects(): Plugin;
export const LAZY_BUILTINS: string[];
export function builtinsThroughRequire(options?: { lazy?: string[] }): Plugin;
export const UNUSED_MODULES: UnusedModule[];
export function stubUnusedModules(modules?: UnusedModule[]): Plugin;
export function lazyAssertInSonicBoom(): Plugin;
export function lambdaPlugins(): Plugin[];
declare const plugins: Plugin[];
export default plugins;
