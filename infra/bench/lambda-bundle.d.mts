// Types for lambda-bundle.mjs (plain JavaScript, run by node directly as a bench).
import type { Plugin } from "../esbuild-plugins.mjs";
export const repoRoot: string;
export const HANDLERS: string[];
export function node24(): string;
export function bundle(
  handler: string,
  outdir: string,
  options: { plugins: Plugin[]; splitting?: boolean },
): Promise<{ file: string; total: number; atImport: number }>;
export const ENV: Record<string, string | undefined>;
export const MEDIA_HANDLERS: string[];
export function envFor(handler: string): Record<string, string | undefined>;
