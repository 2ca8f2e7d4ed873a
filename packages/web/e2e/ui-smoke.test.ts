/**
 * UI SMOKE TEST — not the real end-to-end test. It serves the built dashboard with a stubbed
 * JSON API and a stub realtime WebSocket (e2e/stub-api.ts), drives Debian's Chromium through
 * the main screens and saves screenshots to test-artifacts/. The end-to-end suite against the
 * local stack with the WhatsApp simulator comes with the data-path API.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium";
import { startTestServer, type TestServer } from "./static-server";
import { createStubApi, sid, STUB_KEY } from "./stub-api";

const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(WEB_DIR, "dist");
const ARTIFACTS = join(WEB_DIR, "test-artifacts");
const TENANT = "ten_01JD8K3V7Q0000000000000001";
// A QR payload shaped like Baileys rc14's (ref, noise key, identity key, adv secret, platform).
const QR = "https://wa.me/settings/linked_devices#2@Qm9ndXNSZWZGb3JUaGVTbW9rZVRlc3Q=,bm9pc2VLZXlCYXNlNjRQYWRkaW5nUGFkZGluZzEyMzQ=,aWRlbnRpdHlLZXlCYXNlNjRQYWRkaW5nUGFkZGluZzE=,YWR2U2VjcmV0QmFzZTY0UGFkZGluZ1BhZGRpbmcxMjM0,1";

let frameNo = 0;
const frame = (type: string, sessionId: string, data: unknown) => ({
  v: 1,
  type,
  id: `evt_01JD8K3V7Q${String(++frameNo).padStart(16, "0")}`,
  tenantId: TENANT,
  sessionId,
  at: new Date().toISOString(),
  data,
});

describe("dashboard UI smoke (stubbed API, real Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const stub = createStubApi({
    onConnect: (sessionId, method) => {
      setTimeout(() => {
        const creds =
          method === "qr"
            ? { qr: QR, pairingCode: null, expiresAt: new Date(Date.now() + 60_000).toISOString() }
            : { qr: null, pairingCode: "K7PX9QLM", expiresAt: new Date(Date.now() + 180_000).toISOString() };
        stub.state.qr[sessionId] = creds;
        server.broadcast(frame("connection:qr", sessionId, creds));
      }, 150);
    },
  });
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });

  beforeAll(async () => {
    if (!existsSync(join(DIST, "index.html"))) throw new Error("dist/ is missing: run `vite build` first (pnpm test:smoke does)");
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer(DIST, stub.handler);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 860 }, colorScheme: "light" });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("refuses a wrong key with a clear message, then signs in", async () => {
    await page.goto(server.url);
    await page.getByLabel("API key").fill("wharf_sk_not-a-real-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("was not accepted");
    await shot("01-sign-in-error");

    await page.getByLabel("API key").fill(STUB_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Sessions", exact: true }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("wharf.apiKey"))).toBe(STUB_KEY);
  });

  it("lists sessions and turns a badge live from a realtime frame", async () => {
    await page.locator(`tr[data-session-id="${sid(1)}"]`).waitFor();
    await expect.poll(() => page.getByText("Live", { exact: true }).count()).toBe(1);
    expect(server.sockets()).toBe(1);

    server.broadcast(frame("connection:status", sid(2), { status: "open", phone: "447700900123", lastDisconnect: null, health: null }));
    const badge = page.locator(`tr[data-session-id="${sid(2)}"] [data-status]`);
    await expect.poll(() => badge.getAttribute("data-status")).toBe("open");
    // status rules: an open session can disconnect and log out but not connect
    await expect.poll(() => page.getByRole("button", { name: "Connect Support line", exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Disconnect Support line", exact: true }).isEnabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Log out Marketing", exact: true }).isDisabled()).toBe(true);
    await shot("02-sessions");
  });

  it("opens the create dialog from the keyboard and closes it with Escape, returning focus", async () => {
    const opener = page.getByRole("button", { name: "New session" }).first();
    await opener.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "New session" });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("placeholder"))).toBe("Support line");
    await page.keyboard.type("Sales US");
    await shot("02b-create-session");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("New session");
  });

  it("links a session: QR from a frame, then closes itself on open", async () => {
    await page.getByRole("button", { name: "Connect Marketing", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Link a phone" });
    await dialog.waitFor();
    await dialog.getByRole("img", { name: /QR code/ }).waitFor();
    await expect.poll(() => dialog.getByTestId("qr-countdown").textContent()).toMatch(/^0:5\d|^1:00$/);
    await shot("03-link-qr");

    await dialog.getByRole("tab", { name: "Pairing code" }).click();
    await dialog.getByRole("button", { name: "Use this number" }).click();
    await dialog.getByRole("button", { name: "Get pairing code" }).click();
    await expect.poll(() => dialog.getByTestId("pairing-code").textContent()).toBe("K7PX-9QLM");
    await shot("04-link-pairing-code");

    server.broadcast(frame("connection:status", sid(3), { status: "open", phone: "15550100001", lastDisconnect: null, health: null }));
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => page.locator(`tr[data-session-id="${sid(3)}"] [data-status]`).getAttribute("data-status")).toBe("open");
  });

  it("shows a chat, sends with an Idempotency-Key and moves ticks from frames", async () => {
    await page.getByRole("button", { name: "Open chats of Support line", exact: true }).click();
    await page.getByRole("button", { name: /Anna Becker/ }).click();
    await page.getByRole("log").waitFor();
    await page.getByLabel("Message", { exact: true }).fill("See you soon!");
    await page.keyboard.press("Enter");
    await expect.poll(() => stub.state.sent.length).toBe(1);
    expect(stub.state.sent[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const sentId = `msg_01JD8K3V7Q${String(501).padStart(16, "0")}`;
    const ticks = page.locator(`[data-message-id="${sentId}"] [data-status]`);
    await expect.poll(() => ticks.getAttribute("data-status")).toBe("queued");
    server.broadcast(
      frame("message:status", sid(1), { messageId: sentId, chatJid: stub.chats[0]!.jid, waMessageId: null, status: "read", failureCode: null, failureReason: null }),
    );
    await expect.poll(() => ticks.getAttribute("data-status")).toBe("read");

    const text = "Also, do you ship to Utrecht?";
    const now = new Date().toISOString();
    server.broadcast(
      frame("message:new", sid(1), {
        id: `msg_01JD8K3V7Q${String(900).padStart(16, "0")}`,
        sessionId: sid(1),
        chatJid: stub.chats[2]!.jid,
        direction: "in",
        type: "text",
        text,
        content: { kind: "text", text },
        status: "received",
        failureCode: null,
        failureReason: null,
        waMessageId: "3EB0900000000000",
        from: stub.chats[2]!.jid,
        pushName: null,
        timestamp: now,
        updatedAt: now,
      }),
    );
    await expect.poll(() => page.getByLabel("2 unread").count()).toBe(1);
    await shot("05-chat");
  });

  it("shows API keys and webhooks with their delivery log", async () => {
    await page.getByRole("link", { name: "API keys" }).click();
    await page.getByText("billing-service", { exact: true }).waitFor();
    await shot("06-api-keys");

    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("button", { name: "Deliveries" }).click();
    await page.getByText("Gave up").waitFor();
    await shot("07-webhooks");
  });

  it("opens the virtual phone panel in sim mode and works on a phone-sized screen", async () => {
    await page.getByRole("link", { name: "Sessions" }).click();
    await page.getByRole("button", { name: /Virtual phone/ }).click();
    await page.getByRole("heading", { name: "Virtual phone" }).waitFor();
    await shot("08-virtual-phone");

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Close virtual phone" }).click();
    await shot("09-sessions-mobile");
  });

  it("follows the system dark mode", async () => {
    await page.setViewportSize({ width: 1360, height: 860 });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.getByRole("heading", { name: "Sessions", exact: true }).waitFor();
    // let the buttons' colour transitions finish before the picture
    await page.waitForTimeout(400);
    await shot("10-sessions-dark");
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("signs out and forgets the key", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("wharf.apiKey"))).toBeNull();
  });
});
