/**
 * The deploy pipeline (.github/workflows/deploy.yml), parsed: pull requests are checked and
 * diffed, main deploys staging, a version tag deploys production, and AWS is reached only
 * through an OIDC role (no long-lived keys).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileCacheMode } from "./compile-cache.mjs";
import { PROTECTED_STAGES } from "./stage";

const path = fileURLToPath(new URL("../.github/workflows/deploy.yml", import.meta.url));
const text = readFileSync(path, "utf8");
const workflow = parse(text) as {
  on: Record<string, { branches?: string[]; tags?: string[] }>;
  permissions: Record<string, string>;
  jobs: Record<
    string,
    {
      if: string;
      environment: string;
      permissions: Record<string, string>;
      steps: { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> }[];
    }
  >;
};

const runs = (job: string) => workflow.jobs[job]!.steps.flatMap((s) => (s.run ? [s.run] : []));

describe("deploy workflow", () => {
  it("triggers on pull requests to main, pushes to main and version tags", () => {
    expect(workflow.on.pull_request).toEqual({ branches: ["main"] });
    expect(workflow.on.push).toEqual({ branches: ["main"], tags: ["v*"] });
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it("type-checks, tests and diffs against staging on a pull request, deploying nothing", () => {
    const job = workflow.jobs.check!;
    expect(job.if).toBe("github.event_name == 'pull_request'");
    const commands = runs("check");
    expect(commands.some((r) => r.endsWith("run typecheck"))).toBe(true);
    expect(commands.some((r) => r.endsWith("run test:unit"))).toBe(true);
    expect(commands).toContain("npx sst diff --stage staging");
    expect(commands.join("\n")).not.toContain("sst deploy");
  });

  it("deploys staging from main and production from a tag, each after the checks, each a protected stage", () => {
    const expected = {
      "deploy-staging": ["staging", "github.ref == 'refs/heads/main'"],
      "deploy-production": ["production", "startsWith(github.ref, 'refs/tags/v')"],
    } as const;
    for (const [name, [stage, condition]] of Object.entries(expected)) {
      const job = workflow.jobs[name]!;
      expect(job.if).toContain(condition);
      expect(job.environment).toBe(stage);
      const commands = runs(name);
      expect(commands.at(-1)).toBe(`npx sst deploy --stage ${stage}`);
      expect(commands.findIndex((r) => r.endsWith("run test:unit"))).toBeLessThan(commands.length - 1);
      expect(Object.keys(PROTECTED_STAGES)).toContain(stage);
      // alarms are mailed to the address set on the GitHub environment; the Lambdas' compile
      // caches must be made (docker, AWS's arm64 image under QEMU set up before), never skipped
      expect(job.steps.at(-1)!.env).toEqual({
        WHARF_ALARM_EMAIL: "${{ vars.WHARF_ALARM_EMAIL }}",
        WHARF_LAMBDA_COMPILE_CACHE: "docker",
      });
      const qemu = job.steps.findIndex((s) => s.uses?.startsWith("docker/setup-qemu-action@"));
      expect(qemu).toBeGreaterThan(-1);
      expect(qemu).toBeLessThan(job.steps.length - 1);
      expect(job.steps[qemu]!.with).toEqual({ platforms: "arm64" });
    }
  });

  it("names only values the compile cache hook accepts", () => {
    const values = Object.values(workflow.jobs).flatMap((j) =>
      j.steps.flatMap((s) => (s.env?.WHARF_LAMBDA_COMPILE_CACHE ? [s.env.WHARF_LAMBDA_COMPILE_CACHE] : [])),
    );
    expect(values.sort()).toEqual(["docker", "docker", "off"]);
    for (const v of values) expect(() => compileCacheMode(v)).not.toThrow();
  });

  it("reaches AWS only through an OIDC role, never with stored keys", () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(job.permissions, name).toEqual({ contents: "read", "id-token": "write" });
      const aws = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      expect(aws?.with, name).toEqual({
        "role-to-assume": "${{ vars.AWS_DEPLOY_ROLE_ARN }}",
        "aws-region": "${{ vars.AWS_REGION }}",
      });
      // the credentials step comes after install, type-check and tests
      expect(job.steps.indexOf(aws!), name).toBeGreaterThan(
        job.steps.findIndex((s) => s.run?.includes("install --frozen-lockfile")),
      );
    }
    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id|secrets\./);
  });

  it("runs the pinned pnpm and Node 24, the runtime of the Lambdas and the fleet", () => {
    expect(text).toContain("PNPM: pnpm@10.34.9");
    expect(text).toContain('NODE_VERSION: "24"');
  });
});
