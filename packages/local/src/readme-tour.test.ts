import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalRuntime, type LocalRuntime } from "./runtime";

/**
 * The README's tours are run as written, so they cannot rot: every ```sh block under a heading
 * with "tour" in it is run with bash (blocks of one section share one shell, as a reader pasting
 * them would), against a runtime started in memory with the simulator and a fleet worker, with
 * the README's URL swapped for the runtime's. The deploy section is never touched.
 */
const README = fileURLToPath(new URL("../../../README.md", import.meta.url));
const README_URL = "http://127.0.0.1:4000";

function tourSections(markdown: string): { title: string; script: string }[] {
  const sections = markdown.split(/^## /m).slice(1);
  return sections
    .map((section) => {
      const title = section.slice(0, section.indexOf("\n")).trim();
      const blocks = [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
      return { title, script: blocks.join("\n") };
    })
    .filter((s) => /tour/i.test(s.title) && !/deploy/i.test(s.title) && s.script.length > 0);
}

function runBash(script: string, cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-e", "-c", script], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("README tours", () => {
  const sections = tourSections(readFileSync(README, "utf8"));
  let rt: LocalRuntime;
  let cwd: string;

  beforeAll(async () => {
    // the tours read .wharf/admin-key and .wharf/demo-tenant.json from where they run
    cwd = mkdtempSync(join(tmpdir(), "wharf-readme-"));
    rt = await startLocalRuntime({
      port: 0,
      dataDir: join(cwd, ".wharf"),
      inMemory: true,
      sim: true,
      workers: 1,
      workerLogLevel: "warn",
      logger: pino({ level: "silent" }),
    });
  }, 180_000);

  afterAll(async () => {
    await rt?.stop();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it("finds the tours (and only their sh blocks)", () => {
    expect(sections.map((s) => s.title)).toEqual(["Five-minute tour", "Demo tour with the WhatsApp simulator"]);
    for (const s of sections) expect(s.script).not.toMatch(/sst (deploy|secret)/);
  });

  for (const title of ["Five-minute tour", "Demo tour with the WhatsApp simulator"]) {
    it(`runs the "${title}" blocks as written, each command succeeding`, async () => {
      const section = sections.find((s) => s.title === title);
      expect(section, title).toBeDefined();
      const script = section!.script.replaceAll(README_URL, rt.url);
      const { code, output } = await runBash(script, cwd, 150_000);
      expect(code, output).toBe(0);
    }, 180_000);
  }
});
