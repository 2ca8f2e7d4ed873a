import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type LocalRuntime, startLocalRuntime } from "@wharf/local";
import pino from "pino";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium";

export const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));
export const DIST = join(WEB_DIR, "dist");
export const ARTIFACTS = join(WEB_DIR, "test-artifacts");

/** What the end-to-end tests run against: the real local runtime in sim mode and Chromium. */
export interface RealStack {
  rt: LocalRuntime;
  browser: Browser;
  /** one page, at the dashboard's size; its uncaught errors go to the array passed in */
  page: Page;
  dataDir: string;
  /** the simulator's first virtual phone, which links sessions */
  phone: string;
}

/** The real API as the runtime's demo tenant. */
export function demoApi(rt: () => LocalRuntime) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${rt().url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${rt().demo!.apiKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

/**
 * Starts the runtime (in memory, simulator, one worker, serving the built dashboard) and
 * Chromium side by side, checks dist/ is built, and opens a page.
 */
export async function startRealStack(tmpPrefix: string, pageErrors: string[]): Promise<RealStack> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), tmpPrefix));
  const [rt, browser] = await Promise.all([
    startLocalRuntime({
      port: 0,
      dataDir,
      inMemory: true,
      sim: true,
      workers: 1,
      workerLogLevel: "warn",
      dashboardDir: DIST,
      logger: pino({ level: "silent" }),
    }),
    launchChromium(),
  ]);
  const index = await fetch(rt.dashboardUrl);
  if (!(await index.text()).includes('id="root"'))
    throw new Error("dist/ is missing: run `pnpm --filter @wharf/web build` first");
  const demo = (await demoApi(() => rt)("GET", "/v1/demo")).body as { phones: Array<{ phone: string }> };
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 }, colorScheme: "light" });
  page.on("pageerror", (err) => pageErrors.push(err.message));
  return { rt, browser, page, dataDir, phone: demo.phones[0]!.phone };
}

export async function stopRealStack(stack: Partial<RealStack> | undefined): Promise<void> {
  await stack?.browser?.close();
  await stack?.rt?.stop();
  if (stack?.dataDir) rmSync(stack.dataDir, { recursive: true, force: true });
}
