import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, node24 } from "./bench/lambda-bundle.mjs";
import {
  cacheContents,
  COMPILE_CACHE_DIR,
  compileCacheEnv,
  compileCacheHook,
  compileCacheMode,
  dockerArgs,
  entryOf,
  fillCompileCache,
  IMPORT_ENV,
  importArgs,
  localNode,
} from "./compile-cache.mjs";
import { lambdaPlugins } from "./esbuild-plugins.mjs";

const HTTP = "packages/control/src/lambda/http.handler";

describe("the Lambda compile cache's build step", () => {
  it("finds the entry SST writes for a handler path", () => {
    expect(entryOf(HTTP)).toBe("packages/control/src/lambda/http.mjs");
    expect(() => entryOf("packages/control/src/lambda/http")).toThrow(/not a handler path/);
  });

  it("imports the entry under the Lambda image's Node, on the function's architecture, where Lambda unpacks it", () => {
    const args = dockerArgs({ dir: "/build/out", entry: entryOf(HTTP), architecture: "arm64" });
    const at = (flag: string) => args[args.indexOf(flag) + 1];
    expect(args.slice(0, 2)).toEqual(["run", "--rm"]);
    expect(at("--platform")).toBe("linux/arm64");
    expect(at("--entrypoint")).toBe("/var/lang/bin/node");
    expect(at("--volume")).toBe("/build/out:/var/task");
    const env = args.flatMap((a, i) => (args[i - 1] === "--env" ? [a] : []));
    expect(env).toContain("NODE_COMPILE_CACHE=/var/task/.node-compile-cache");
    expect(env).toContain("NODE_COMPILE_CACHE_PORTABLE=1");
    expect(env).toContain("WHARF_STAGE=build");
    const image = args.indexOf("public.ecr.aws/lambda/nodejs:24");
    expect(image).toBeGreaterThan(0);
    expect(args.slice(image + 1)).toEqual(importArgs("/var/task/packages/control/src/lambda/http.mjs"));
    expect(args.at(-1)).toContain('import("file:///var/task/packages/control/src/lambda/http.mjs")');
    expect(at("--platform")).not.toBe(dockerArgs({ dir: "/b", entry: "x.mjs", architecture: "x86_64" })[3]);
  });

  it("reads its mode from WHARF_LAMBDA_COMPILE_CACHE and refuses anything else", () => {
    expect(compileCacheMode(undefined)).toBe("auto");
    expect(compileCacheMode("")).toBe("auto");
    expect(compileCacheMode("docker")).toBe("docker");
    expect(compileCacheMode("off")).toBe("off");
    expect(() => compileCacheMode("yes")).toThrow(/docker, off or auto/);
  });

  it("skips with a warning where there is no docker, and fails a deploy that asked for docker", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wharf-cc-hook-"));
    try {
      mkdirSync(join(dir, "packages/control/src/lambda"), { recursive: true });
      writeFileSync(join(dir, entryOf(HTTP)), "export const handler = () => 1;\n");
      const hook = compileCacheHook({ handler: HTTP, architecture: "arm64" });
      const said: string[] = [];
      const noDocker = () => false;
      await hook(dir, { env: {}, docker: noDocker, log: (m) => said.push(m) });
      expect(said).toEqual([expect.stringContaining("no docker here, so no compile cache")]);
      await hook(dir, { env: { WHARF_LAMBDA_COMPILE_CACHE: "off" }, docker: noDocker, log: (m) => said.push(m) });
      expect(said).toHaveLength(1);
      // auto with a docker that cannot run the image (no arm64 emulation): warn, deploy without
      const failing = { WHARF_LAMBDA_COMPILE_CACHE: "auto", PATH: "/nonexistent" };
      await hook(dir, { env: failing, docker: () => true, log: (m) => said.push(m) });
      expect(said[1]).toMatch(
        /importing packages\/control\/src\/lambda\/http.mjs failed[\s\S]*deploying without a compile cache/,
      );
      // CI sets docker: a missing or failing docker stops the deploy instead of shipping no cache
      await expect(
        hook(dir, { env: { WHARF_LAMBDA_COMPILE_CACHE: "docker", PATH: "/nonexistent" }, docker: noDocker }),
      ).rejects.toThrow(/compile cache: importing packages\/control\/src\/lambda\/http.mjs failed/);
      expect(cacheContents(dir)).toEqual({});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The real thing on this machine: the http Lambda bundled as SST does, laid out as SST writes
// it, its cache made by one import under Node 24, then read back by a cold import.
describe("a compile cache made for the http bundle", () => {
  let dir: string;
  let node: string;
  const entry = entryOf(HTTP);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "wharf-cc-"));
    node = node24();
    await bundle("http", join(dir, "packages/control/src/lambda"), { plugins: lambdaPlugins() });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const coldImport = () =>
    spawnSync(node, importArgs(join(dir, entry)), {
      env: { PATH: process.env.PATH, ...IMPORT_ENV, ...compileCacheEnv(dir), NODE_DEBUG_NATIVE: "COMPILE_CACHE" },
      encoding: "utf8",
    });

  it("is filed under this Node's build and accepted by the next cold start", () => {
    const builds = fillCompileCache({ dir, entry, command: localNode(node) });
    const version = spawnSync(node, ["-p", "process.version + '-' + process.arch"], { encoding: "utf8" }).stdout.trim();
    expect(Object.keys(builds)).toEqual([expect.stringMatching(new RegExp(`^${version}-`))]);
    expect(Object.values(builds)[0]).toBeGreaterThan(100_000);
    const run = coldImport();
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/V8 code cache for ESM file:\/\/\S+\/http\.mjs was accepted/);
  }, 60_000);

  it("is ignored, not fatal, by a Node of another build", () => {
    const root = join(dir, COMPILE_CACHE_DIR);
    for (const build of readdirSync(root)) renameSync(join(root, build), join(root, `v0.0.0-other-${build}`));
    const run = coldImport();
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/was accepted/);
  }, 60_000);
});
