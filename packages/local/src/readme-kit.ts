/** Test-only helpers for the suites that run the README's shell blocks as written. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { startLocalRuntime, type LocalRuntime } from "./runtime";

export const README = fileURLToPath(new URL("../../../README.md", import.meta.url));
/** The URL the README's blocks talk to; suites swap it for their runtime's. */
export const README_URL = "http://127.0.0.1:4000";

export interface ReadmeSection {
  title: string;
  /** every ```sh block of the section, joined in order (as a reader pasting them would run them) */
  script: string;
}

/** The README's `## ` sections that hold ```sh blocks. */
export function readmeSections(markdown = readFileSync(README, "utf8")): ReadmeSection[] {
  return markdown
    .split(/^## /m)
    .slice(1)
    .map((section) => {
      const title = section.slice(0, section.indexOf("\n")).trim();
      const blocks = [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
      return { title, script: blocks.join("\n") };
    })
    .filter((s) => s.script.length > 0);
}

/** The named section's script, or a thrown error naming the sections there are. */
export function readmeScript(sections: ReadmeSection[], title: string): string {
  const section = sections.find((s) => s.title === title);
  if (!section)
    throw new Error(`README has no section "${title}" with sh blocks (has: ${sections.map((s) => s.title)})`);
  return section.script;
}

/** Runs a script with `bash -e` in `cwd`; killed after `timeoutMs`. */
export function runBash(
  script: string,
  cwd: string,
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
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

/**
 * A runtime in memory with the simulator and one fleet worker, in a fresh directory: the
 * README's blocks read .wharf/admin-key and .wharf/demo-tenant.json from where they run (`cwd`).
 */
export async function startReadmeRuntime(prefix: string): Promise<{ rt: LocalRuntime; cwd: string }> {
  const cwd = mkdtempSync(join(tmpdir(), prefix));
  const rt = await startLocalRuntime({
    port: 0,
    dataDir: join(cwd, ".wharf"),
    inMemory: true,
    sim: true,
    workers: 1,
    workerLogLevel: "warn",
    logger: pino({ level: "silent" }),
  });
  return { rt, cwd };
}

export async function stopReadmeRuntime(started: { rt: LocalRuntime; cwd: string } | undefined): Promise<void> {
  await started?.rt.stop();
  if (started) rmSync(started.cwd, { recursive: true, force: true });
}
