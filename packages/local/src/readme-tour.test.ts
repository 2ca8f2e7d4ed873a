import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  README_URL,
  readmeSections,
  runBash,
  startReadmeRuntime,
  stopReadmeRuntime,
  type ReadmeSection,
} from "./readme-kit";
import type { LocalRuntime } from "./runtime";

/**
 * The README's tours are run as written, so they cannot rot: every ```sh block under a heading
 * with "tour" in it is run with bash (blocks of one section share one shell, as a reader pasting
 * them would), against a runtime started in memory with the simulator and a fleet worker, with
 * the README's URL swapped for the runtime's. The deploy section is never touched; the media
 * round trip builds on the demo tour and has its own suite (media-round-trip.test.ts).
 */
const tourSections = (sections: ReadmeSection[]) =>
  sections.filter((s) => /tour/i.test(s.title) && !/deploy/i.test(s.title));

describe("README tours", () => {
  const sections = tourSections(readmeSections());
  let rt: LocalRuntime;
  let cwd: string;
  let started: Awaited<ReturnType<typeof startReadmeRuntime>> | undefined;

  beforeAll(async () => {
    started = await startReadmeRuntime("wharf-readme-");
    ({ rt, cwd } = started);
  }, 180_000);

  afterAll(() => stopReadmeRuntime(started));

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
