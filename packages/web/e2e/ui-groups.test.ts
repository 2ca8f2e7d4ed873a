/**
 * UI smoke test of the group and profile dialogs (stubbed API, real Chromium; see
 * ui-smoke.test.ts for the harness): editing a group's name, joining by invite link, and the
 * linked account's profile, each checked with axe-core; the chat list's actions fit at 360 px.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { horizontalOverflow, seriousA11yViolations } from "./a11y";
import { launchChromium } from "./chromium";
import { startTestServer, type TestServer } from "./static-server";
import { createStubApi, sid, STUB_KEY } from "./stub-api";

const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(WEB_DIR, "dist");
const ARTIFACTS = join(WEB_DIR, "test-artifacts");

describe("group and profile dialogs (stubbed API, real Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const stub = createStubApi();
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
  const expectAccessible = async (where: string) => expect(await seriousA11yViolations(page), where).toEqual([]);

  beforeAll(async () => {
    if (!existsSync(join(DIST, "index.html")))
      throw new Error("dist/ is missing: run `vite build` first (pnpm test:smoke does)");
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer(DIST, stub.handler);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 860 }, colorScheme: "light" });
    await page.goto(server.url);
    await page.getByLabel("API key").fill(STUB_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Sessions", exact: true }).waitFor();
    await page.goto(`${server.url}/#/sessions/${sid(1)}/chat`);
    await page.getByRole("list", { name: "Conversations" }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("edits a group's name in its info drawer, and the list and the drawer follow", async () => {
    await page.getByRole("button", { name: /Store team/ }).click();
    await page.getByRole("button", { name: "Group info" }).click();
    const drawer = page.getByRole("dialog", { name: "Store team" });
    await drawer.getByRole("button", { name: "Edit name and description" }).click();
    const form = drawer.getByRole("form", { name: "Edit group info" });
    await form.getByLabel("Group name").fill("Store crew");
    await expectAccessible("group info edit form");
    await shot("g1-group-edit");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByRole("dialog", { name: "Store crew" }).getByText("Opening hours, deliveries and shifts").waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog", { name: "Store crew" }).waitFor({ state: "detached" });
    await page
      .getByRole("list", { name: "Conversations" })
      .getByRole("button", { name: /Store crew/ })
      .waitFor();
  });

  it("joins a group by invite link: a revoked link in words, then a good one opens the group", async () => {
    await page.getByRole("button", { name: "Join group" }).click();
    const dialog = page.getByRole("dialog", { name: "Join a group" });
    const field = dialog.getByLabel("Invite link or code");
    await field.fill("https://chat.whatsapp.com/Expired0000");
    await dialog.getByRole("button", { name: "Join group" }).click();
    await dialog.getByText(/This invite link is not valid any more/).waitFor();
    await expectAccessible("join group dialog with a refusal");
    await shot("g2-join-refused");
    await field.fill("https://chat.whatsapp.com/AbCdEfGhIjK0123");
    await dialog.getByRole("button", { name: "Join group" }).click();
    await dialog.waitFor({ state: "detached" });
    const head = page.locator(".chat__thread-head");
    await expect.poll(() => head.textContent()).toContain("Neighbours");
    expect(await head.textContent()).toContain("2 members");
  });

  it("shows the linked account's own profile", async () => {
    await page.getByRole("button", { name: "Linked account's profile" }).click();
    const drawer = page.getByRole("dialog", { name: "Linked account" });
    await drawer.getByText("Acme Support").waitFor();
    expect(await drawer.textContent()).toContain("+4915123456789");
    await expectAccessible("linked account's profile");
    await shot("g3-profile");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
  });

  it("fits the chat list's new chat, new group and join actions at 360 px", async () => {
    await page.goto(`${server.url}/#/sessions/${sid(1)}/chat`);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.getByRole("button", { name: "Join group" }).waitFor();
    await expect.poll(() => horizontalOverflow(page)).toEqual([]);
    const header = page.locator(".chat__header");
    expect(await header.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await shot("g4-chat-list-360");
  });
});
