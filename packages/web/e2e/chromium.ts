import { chromium, errors, type Browser } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core (no downloaded browser builds: only Debian's
 * package is reachable here and in CI, where `.ci/run` installs `chromium`).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Per attempt. A launch takes under a second on an idle machine. */
const LAUNCH_TIMEOUT_MS = 60_000;
const LAUNCH_ATTEMPTS = 3;

/**
 * Launches Chromium, trying again when a launch times out: on a loaded CI machine one start
 * of Chromium once hung past its timeout while every other start in the run took a second.
 * Playwright kills the hung process before it throws, so a new attempt starts clean. Every
 * failed attempt is printed, so a run that recovers still shows what happened.
 */
export async function launchChromium(): Promise<Browser> {
  const failures: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const startedAt = Date.now();
    try {
      return await chromium.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: LAUNCH_TIMEOUT_MS,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      failures.push(`attempt ${attempt} after ${Date.now() - startedAt} ms: ${message}`);
      console.error(`chromium launch ${failures.at(-1)}`);
      if (attempt >= LAUNCH_ATTEMPTS || !(err instanceof errors.TimeoutError))
        throw new Error(`Chromium did not start (${CHROMIUM_PATH}):\n${failures.join("\n")}`);
    }
  }
}
