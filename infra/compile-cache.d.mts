// Types for compile-cache.mjs (plain JavaScript, since SST and the benches load it without a TypeScript step).
export const COMPILE_CACHE_DIR: string;
export const LAMBDA_TASK_ROOT: string;
export const LAMBDA_NODE_IMAGE: string;
export const IMPORT_ENV: Record<string, string>;
export type CompileCacheMode = "auto" | "docker" | "off";
export interface CacheMaker {
  file: string;
  args: (dir: string, entry: string) => string[];
  env: (dir: string) => NodeJS.ProcessEnv;
}
export function compileCacheEnv(root?: string): { NODE_COMPILE_CACHE: string; NODE_COMPILE_CACHE_PORTABLE: string };
export function entryOf(handler: string): string;
export function importArgs(file: string): string[];
export function dockerArgs(options: {
  dir: string;
  entry: string;
  architecture: "x86_64" | "arm64";
  image?: string;
}): string[];
export function cacheContents(dir: string): Record<string, number>;
export function fillCompileCache(options: { dir: string; entry: string; command: CacheMaker }): Record<string, number>;
export function localNode(node: string): CacheMaker;
export function dockerNode(options: { architecture: "x86_64" | "arm64"; image?: string }): CacheMaker;
export function compileCacheMode(value: string | undefined): CompileCacheMode;
export function compileCacheHook(options: {
  handler: string;
  architecture: "x86_64" | "arm64";
  image?: string;
}): (
  dir: string,
  overrides?: { env?: NodeJS.ProcessEnv; docker?: () => boolean; log?: (message: string) => void },
) => Promise<void>;
