/** Test-only helpers for the suites that run the README's shell blocks as written. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

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
