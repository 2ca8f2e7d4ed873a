import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { crc32 } from "node:zlib";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { lambdaPlugins } from "./esbuild-plugins.mjs";

const repoRoot = join(import.meta.dirname, "..");
/** What the control Lambdas bundle from the workspace. */
const LAMBDA_PACKAGES = ["contracts", "core", "aws", "control"];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "testing" ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("Lambda bundling plugins", () => {
  const out = mkdtempSync(join(tmpdir(), "wharf-plugins-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("stub only APIs that no module a Lambda bundles calls (z.compile, z.fromJSONSchema, pino transports and redaction, eager S3, bowser)", () => {
    const uses = LAMBDA_PACKAGES.flatMap((p) => sources(join(repoRoot, "packages", p, "src"))).filter((file) => {
      const text = readFileSync(file, "utf8");
      return (
        /\bz\.(compile|withParser|fromJSONSchema)\b/.test(text) ||
        /import\s*{[^}]*\b(compile|withParser|fromJSONSchema)\b[^}]*}\s*from\s*["']zod/.test(text) ||
        /\bpino\.transport\b|\btransport\s*:\s*{\s*target|\bredact\s*:/.test(text) ||
        /import\s*{[^}]*\b(createS3Client|createS3BlobStore|ensureBucket)\b[^}]*}\s*from\s*["']@wharf\/aws/.test(
          text,
        ) ||
        /from\s*["']bowser["']|import\(\s*["']bowser["']/.test(text)
      );
    });
    expect(uses).toEqual([]);
  });

  it("keep zod, pino and lazily required builtins working as before, and make a stubbed API fail loudly if it is ever called", async () => {
    await build({
      absWorkingDir: repoRoot,
      stdin: {
        contents: [
          'import { z } from "zod";',
          'import pino from "pino";',
          'import { crc32 } from "node:zlib";',
          "export const crc = crc32('wharf');",
          "export const parsed = z.object({ n: z.coerce.number().int() }).strict().safeParse({ n: '42' });",
          "export const refused = z.string().min(2).safeParse('x').error.issues[0].message;",
          "export const tryCompile = () => z.compile(z.string());",
          "export const tryFromJson = () => z.fromJSONSchema({ type: 'string' });",
          "export const tryTransport = () => pino.transport({ target: 'pino-pretty' });",
          "export const logger = pino({ level: 'info' }, { write() {} });",
          "export const tryRedact = () => pino({ redact: ['token'] });",
          'import { createS3Client } from "@wharf/aws";',
          'import { lazyS3BlobStore } from "@wharf/aws/media/lazy";',
          "export const tryEagerS3 = () => createS3Client({ region: 'eu-west-1' });",
          "const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };",
          "export const presigned = () => lazyS3BlobStore({ region: 'eu-west-1', credentials }, 'media').presignGet('k', 60);",
        ].join("\n"),
        resolveDir: join(repoRoot, "packages/control/src"),
        sourcefile: "entry.ts",
        loader: "ts",
      },
      outfile: join(out, "entry.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      banner: { js: 'import { createRequire } from "module"; const require = createRequire(import.meta.url);' },
      plugins: lambdaPlugins(),
      logLevel: "error",
    });
    const m = await import(join(out, "entry.mjs"));
    // zlib is required on the first call of its stand-in, with the same answer
    expect(m.crc).toBe(crc32("wharf"));
    expect(m.parsed).toEqual({ success: true, data: { n: 42 } });
    expect(m.refused).toBe("Too small: expected string to have >=2 characters");
    expect(m.tryCompile).toThrow(/z\.compile is not bundled in Wharf's Lambdas/);
    expect(m.tryFromJson).toThrow(/z\.fromJSONSchema is not bundled/);
    expect(m.tryTransport).toThrow(/pino\.transport is not bundled/);
    expect(m.tryRedact).toThrow(/pino's redact option is not bundled/);
    expect(() => m.logger.info({ ok: true }, "logged")).not.toThrow();
    // a Lambda's media calls go through lazyS3BlobStore, which loads the real S3 code
    expect(m.tryEagerS3).toThrow(/createS3Client .* is not bundled in Wharf's Lambdas/);
    expect(await m.presigned()).toMatch(/^https:\/\/media\.s3\.eu-west-1\.amazonaws\.com\/k\?.*X-Amz-Signature=/);
    // bundling zod and pino is the work here: seconds on a busy machine
  }, 60_000);

  it("stub the credential sources a Lambda never has so that they decline and the SDK's default chain goes on", async () => {
    const sdk = join(repoRoot, "node_modules/.pnpm/node_modules/@aws-sdk/credential-provider-node");
    const result = await build({
      absWorkingDir: repoRoot,
      stdin: {
        contents: [
          'import { fromIni } from "@aws-sdk/credential-provider-ini";',
          'import { defaultProvider } from "@aws-sdk/credential-provider-node";',
          "export const ini = () => fromIni()();",
          "export const chain = () => defaultProvider()();",
        ].join("\n"),
        resolveDir: sdk,
        sourcefile: "entry.js",
      },
      outdir: join(out, "credentials"),
      outExtension: { ".js": ".mjs" },
      // as SST bundles: the SDK's ES modules
      mainFields: ["module", "main"],
      bundle: true,
      splitting: true,
      platform: "node",
      format: "esm",
      banner: { js: 'import { createRequire } from "module"; const require = createRequire(import.meta.url);' },
      plugins: lambdaPlugins(),
      logLevel: "error",
      metafile: true,
    });
    // no STS or SSO client left in any chunk
    expect(Object.keys(result.metafile.inputs).filter((f) => f.includes("nested-clients"))).toEqual([]);
    const m = await import(join(out, "credentials", "stdin.mjs"));
    await expect(m.ini()).rejects.toMatchObject({ tryNextLink: true, message: expect.stringMatching(/not bundled/) });
    // on Lambda the role's keys are in the environment: the chain's first link answers
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIDLAMBDA", AWS_SECRET_ACCESS_KEY: "secret" });
    delete process.env.AWS_PROFILE;
    try {
      expect(await m.chain()).toMatchObject({ accessKeyId: "AKIDLAMBDA", secretAccessKey: "secret" });
    } finally {
      process.env = saved;
    }
  }, 60_000);

  it("stub bowser, default export included, so its never-loaded chunk is no longer written", async () => {
    const sdkCore = join(repoRoot, "node_modules/.pnpm/node_modules/@aws-sdk/core");
    const result = await build({
      absWorkingDir: repoRoot,
      stdin: {
        contents: 'import bowser, { parse } from "bowser"; export const tries = [() => bowser("x"), () => parse("x")];',
        resolveDir: sdkCore,
        sourcefile: "entry.js",
      },
      outfile: join(out, "bowser.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      plugins: lambdaPlugins(),
      logLevel: "error",
      metafile: true,
    });
    expect(statSync(join(out, "bowser.mjs")).size).toBeLessThan(1_000);
    const m = await import(join(out, "bowser.mjs"));
    for (const attempt of m.tries) expect(attempt).toThrow(/bowser .* is not bundled in Wharf's Lambdas/);
    expect(Object.keys(result.metafile.inputs).some((f) => f.includes("bowser"))).toBe(true);
  });
});
