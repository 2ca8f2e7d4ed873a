import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (injected into the page) on what is on screen now and returns the serious and
 * critical violations, each with the elements it found; the tests expect none.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE_PATH });
  // colours are judged as they end up: a dialog or drawer still fading in reads as low contrast
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: unknown[]; failureSummary?: string }[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    const short = (n: { target: unknown[]; failureSummary?: string }) =>
      `${n.target.join(" ")} — ${(n.failureSummary ?? "").split("\n").slice(1, 2).join("").trim()}`;
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(short) }));
  });
}

/** True when the page scrolls sideways, or any table scroll box does. */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) {
      // name the outermost elements that stick out, so a failure says what to fix
      const wide = [...document.querySelectorAll<HTMLElement>("body *")].filter(
        (el) =>
          el.getBoundingClientRect().right > doc.clientWidth + 0.5 &&
          !(el.parentElement && el.parentElement.getBoundingClientRect().right > doc.clientWidth + 0.5),
      );
      const names = wide.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`);
      out.push(`page: ${doc.scrollWidth} > ${doc.clientWidth} (${names.join(", ")})`);
    }
    for (const el of document.querySelectorAll<HTMLElement>(".table-scroll")) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(`table: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return out;
  });
}
