/**
 * UI SMOKE TEST — not the real end-to-end test. It serves the built dashboard with a stubbed
 * JSON API and a stub realtime WebSocket (e2e/stub-api.ts), drives Debian's Chromium through
 * the main screens, runs axe-core on each page and dialog, and saves screenshots to
 * test-artifacts/. The end-to-end test against the real local stack is dashboard.e2e.test.ts.
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
// WHARF_UPDATE_DOCS=1 also writes the README screenshots (docs/*.png) at 1280 px and 390 px.
const DOCS = process.env.WHARF_UPDATE_DOCS === "1" ? join(WEB_DIR, "docs") : null;
const TENANT = "ten_01JD8K3V7Q0000000000000001";
// A QR payload shaped like Baileys rc14's (ref, noise key, identity key, adv secret, platform).
const QR =
  "https://wa.me/settings/linked_devices#2@Qm9ndXNSZWZGb3JUaGVTbW9rZVRlc3Q=,bm9pc2VLZXlCYXNlNjRQYWRkaW5nUGFkZGluZzEyMzQ=,aWRlbnRpdHlLZXlCYXNlNjRQYWRkaW5nUGFkZGluZzE=,YWR2U2VjcmV0QmFzZTY0UGFkZGluZ1BhZGRpbmcxMjM0,1";

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
  const docShot = async (name: string) => {
    if (!DOCS) return;
    // README pictures without a test's focus ring or a passing toast
    for (const dismiss of await page.getByRole("button", { name: "Dismiss notification" }).all()) await dismiss.click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: join(DOCS, `${name}.png`), fullPage: false });
  };
  const uploads: { path: string; contentType: string | undefined; bytes: number }[] = [];
  const expectAccessible = async (where: string) => expect(await seriousA11yViolations(page), where).toEqual([]);
  /** Focus `locator` the way a keyboard user gets there (so :focus-visible applies). */
  const keyboardFocus = async (locator: ReturnType<Page["locator"]>) => {
    await locator.focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
  };

  beforeAll(async () => {
    if (!existsSync(join(DIST, "index.html")))
      throw new Error("dist/ is missing: run `vite build` first (pnpm test:smoke does)");
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer(DIST, stub.handler, (u) => uploads.push(u));
    browser = await launchChromium();
    // A context of its own, so a second tab (page) can share its localStorage.
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, colorScheme: "light" });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("refuses a wrong key with a clear message, then signs in", async () => {
    await page.goto(server.url);
    await page.getByLabel("API key").waitFor();
    await expectAccessible("sign-in page");
    await page.getByLabel("API key").fill("wharf_sk_not-a-real-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("was not accepted");
    await shot("01-sign-in-error");

    await page.getByLabel("API key").fill(STUB_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Sessions", exact: true }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("wharf.apiKey"))).toBe(STUB_KEY);
    expect(page.url()).not.toContain(STUB_KEY);
  });

  it("shares the sign-in with a second tab, and signing out there signs this tab out", async () => {
    const other = await page.context().newPage();
    await other.goto(server.url);
    await other.getByRole("heading", { name: "Sessions", exact: true }).waitFor();
    await other.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor();
    await other.close();
    await page.getByLabel("API key").fill(STUB_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Sessions", exact: true }).waitFor();
  });

  it("lists sessions and turns a badge live from a realtime frame", async () => {
    await page.locator(`tr[data-session-id="${sid(1)}"]`).waitFor();
    await expect.poll(() => page.getByText("Live", { exact: true }).count()).toBe(1);
    await expect.poll(() => server.sockets()).toBe(1);

    server.broadcast(
      frame("connection:status", sid(2), { status: "open", phone: "447700900123", lastDisconnect: null, health: null }),
    );
    const badge = page.locator(`tr[data-session-id="${sid(2)}"] [data-status]`);
    await expect.poll(() => badge.getAttribute("data-status")).toBe("open");
    // status rules: an open session offers chat as its action, disconnect and log out in its
    // menu, and no (disabled) Connect at all
    await expect.poll(() => page.getByRole("button", { name: "Chat with Sales EU", exact: true }).count()).toBe(1);
    for (const n of [1, 2])
      expect(
        await page
          .locator(`tr[data-session-id="${sid(n)}"]`)
          .getByRole("button", { name: /^Connect/ })
          .count(),
      ).toBe(0);
    expect(await page.getByRole("button", { name: "Connect Marketing", exact: true }).isEnabled()).toBe(true);
    const more = page.getByRole("button", { name: "More actions for Support line", exact: true });
    expect(await more.getAttribute("aria-haspopup")).toBe("menu");
    await more.click();
    const menu = page.getByRole("menu", { name: "More actions for Support line" });
    expect(await menu.getByRole("menuitem", { name: "Disconnect (phone stays linked)" }).isVisible()).toBe(true);
    await expectAccessible("sessions page with an open actions menu");
    await page.keyboard.press("Escape");
    await menu.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
      "More actions for Support line",
    );
    await page.getByRole("button", { name: "More actions for Marketing", exact: true }).click();
    expect(await page.getByRole("menuitem", { name: /Log out/ }).count()).toBe(0);
    await page.keyboard.press("Escape");

    // per-session settings in a drawer
    await page.getByRole("button", { name: "More actions for Support line", exact: true }).click();
    await page.getByRole("menuitem", { name: "Settings" }).click();
    const drawer = page.getByRole("dialog", { name: "Settings · Support line" });
    await drawer.getByLabel("Messages per minute").waitFor();
    await expectAccessible("session settings drawer");
    await shot("02d-session-settings");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
    await shot("02-sessions");
  });

  it("shows a lost worker as 'No worker — reconnecting' with the time since", async () => {
    const at = new Date(Date.now() - 70_000).toISOString();
    server.broadcast(
      frame("connection:status", sid(2), {
        status: "reconnecting",
        phone: "447700900123",
        lastDisconnect: { code: null, reason: "owner_lost", message: "worker lost", at },
        health: null,
      }),
    );
    const badge = page.locator(`tr[data-session-id="${sid(2)}"] [data-status]`);
    await expect.poll(() => badge.textContent()).toMatch(/No worker — reconnecting · 1 min/);
    server.broadcast(
      frame("connection:status", sid(2), {
        status: "reconnecting",
        phone: "447700900123",
        lastDisconnect: null,
        health: null,
      }),
    );
    await expect.poll(() => badge.textContent()).toBe("Reconnecting");
  });

  it("draws a visible focus ring on primary and secondary buttons", async () => {
    for (const name of ["New session", "Chat with Support line"]) {
      const button = page.getByRole("button", { name, exact: true }).first();
      await keyboardFocus(button);
      const ring = await button.evaluate((el) => {
        const css = getComputedStyle(el);
        return { focused: el === document.activeElement, outline: css.outlineStyle, width: css.outlineWidth };
      });
      expect(ring, name).toEqual({ focused: true, outline: "solid", width: "2px" });
    }
  });

  it("fits the sessions page without sideways scrolling from 360 px to 1920 px", async () => {
    for (const width of [360, 768, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await expect.poll(() => horizontalOverflow(page), { message: `${width} px` }).toEqual([]);
      if (width === 1280) {
        await shot("02c-sessions-1280");
        await docShot("sessions");
      }
      if (width === 360) await expectAccessible("sessions page at 360 px");
    }
    await page.setViewportSize({ width: 1360, height: 860 });
  });

  it("opens the create dialog from the keyboard and closes it with Escape, returning focus", async () => {
    const opener = page.getByRole("button", { name: "New session" }).first();
    await opener.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "New session" });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("placeholder"))).toBe("Support line");
    await expectAccessible("create dialog");
    // Tab and Shift+Tab cycle inside the dialog: focus never reaches the page or <body>.
    for (const key of [
      "Tab",
      "Tab",
      "Tab",
      "Tab",
      "Tab",
      "Shift+Tab",
      "Shift+Tab",
      "Shift+Tab",
      "Shift+Tab",
      "Shift+Tab",
      "Shift+Tab",
    ]) {
      await page.keyboard.press(key);
      expect(
        await page.evaluate(
          () => !!document.activeElement?.closest("dialog") && document.activeElement !== document.body,
        ),
        key,
      ).toBe(true);
    }
    await dialog.getByPlaceholder("Support line").focus();
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
    expect(await dialog.getByRole("button", { name: "Scan with a virtual phone" }).isVisible()).toBe(true);
    await expectAccessible("link dialog (QR)");
    await shot("03-link-qr");
    await page.setViewportSize({ width: 1280, height: 860 });
    await docShot("link-qr");
    await page.setViewportSize({ width: 1360, height: 860 });

    await dialog.getByRole("tab", { name: "Pairing code" }).click();
    await dialog.getByRole("button", { name: "Use this number" }).click();
    await dialog.getByRole("button", { name: "Get pairing code" }).click();
    await expect.poll(() => dialog.getByTestId("pairing-code").textContent()).toBe("K7PX-9QLM");
    await shot("04-link-pairing-code");

    server.broadcast(
      frame("connection:status", sid(3), { status: "open", phone: "15550100001", lastDisconnect: null, health: null }),
    );
    await dialog.waitFor({ state: "detached" });
    await expect
      .poll(() => page.locator(`tr[data-session-id="${sid(3)}"] [data-status]`).getAttribute("data-status"))
      .toBe("open");
    // the "connected" toast is up: it must not cover the New session button
    await page.getByText(/Marketing is connected/).waitFor();
    const newSession = page.getByRole("button", { name: "New session" }).first();
    const covered = await newSession.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return [...document.querySelectorAll(".toast")].some((t) => {
        const b = t.getBoundingClientRect();
        return b.left < r.right && r.left < b.right && b.top < r.bottom && r.top < b.bottom;
      });
    });
    expect(covered).toBe(false);
  });

  it("shows a chat, sends with an Idempotency-Key and moves ticks from frames", async () => {
    await page.getByRole("button", { name: "Chat with Support line", exact: true }).click();
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
      frame("message:status", sid(1), {
        messageId: sentId,
        chatJid: stub.chats[0]!.jid,
        waMessageId: null,
        status: "read",
        failureCode: null,
        failureReason: null,
      }),
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
    // the conversation list shows your own reply as the latest message
    await expect
      .poll(() =>
        page
          .getByRole("list", { name: "Conversations" })
          .getByRole("button", { name: /Anna Becker/ })
          .textContent(),
      )
      .toContain("You: See you soon!");
    // the header names the contact and their number, never the raw JID
    const head = page.getByRole("region", { name: /Conversation with Anna Becker/ });
    expect(await head.textContent()).not.toContain("@s.whatsapp.net");
    await expectAccessible("chat");
    await shot("05-chat");
    await page.setViewportSize({ width: 1280, height: 860 });
    await docShot("chat");

    await page.setViewportSize({ width: 390, height: 844 });
    const header = page.locator(".chat__header");
    await expect.poll(() => header.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const fits = await header.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const badge = el.querySelector("[data-status]")!.getBoundingClientRect();
      return badge.width > 0 && badge.left >= box.left && badge.right <= box.right;
    });
    expect(fits).toBe(true);
    const backArrows = await page
      .getByRole("button", { name: /^Back to / })
      .evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length);
    expect(backArrows).toBe(1);
    expect(await page.getByRole("button", { name: /Virtual phone/ }).isVisible()).toBe(true);
    expect(await page.getByRole("status", { name: "Realtime: Live" }).count()).toBe(1);
    await expectAccessible("chat at 390 px");
    await shot("05b-chat-mobile");
    await docShot("chat-mobile");
    await page.setViewportSize({ width: 1360, height: 860 });
  });

  it("renders every content kind, shows typing and live reactions, and sends a photo from the composer", async () => {
    await page.getByRole("button", { name: /Jonas Weber/ }).click();
    const log = page.getByRole("log");
    await log.getByRole("button", { name: "Open photo: Is this the jacket?" }).waitFor();
    expect(await log.getByLabel("Voice message, 0:03").count()).toBe(1);
    expect(await log.getByRole("group", { name: "Document: invoice-4821.pdf" }).textContent()).toContain("240 KB");
    expect(await log.getByRole("group", { name: "Location: Atelier Nord" }).count()).toBe(1);
    expect(await log.getByRole("listitem", { name: "Contact: Lena Vogel" }).count()).toBe(1);
    expect(await log.getByRole("button", { name: /Reply to\s*Jonas Weber\s*:?\s*Is this the jacket/ }).count()).toBe(1);
    expect(await log.getByText("Edited").count()).toBe(1);
    expect(await log.getByText("This message was deleted").count()).toBe(1);
    expect(await log.getByRole("note", { name: "Unsupported message: pollCreationMessage" }).count()).toBe(1);
    expect(await log.getByLabel("👍 1, including you").count()).toBe(1);
    // the voice note's player loads its file
    await expect
      .poll(() => log.getByLabel("Voice message, 0:03").evaluate((a) => (a as HTMLAudioElement).readyState))
      .toBeGreaterThan(0);

    const jonas = stub.chats[1]!.jid;
    const at = new Date().toISOString();
    server.broadcast(frame("chat:presence", sid(1), { chatJid: jonas, participantJid: jonas, state: "composing", at }));
    await page.getByText("typing…").waitFor();
    server.broadcast(
      frame("message:updated", sid(1), {
        change: "reaction",
        chatJid: jonas,
        waMessageId: "3EB0R00000000007",
        fromMe: true,
        senderJid: jonas,
        emoji: "❤️",
        at,
      }),
    );
    await log.getByLabel("❤️ 1").waitFor();
    await expectAccessible("chat with every content kind");
    await shot("05c-chat-rich");

    await log.getByRole("button", { name: "Open photo: Is this the jacket?" }).click();
    await page.getByRole("dialog", { name: "Photo" }).waitFor();
    await expectAccessible("photo lightbox");
    await page.keyboard.press("Escape");

    await page.locator("#composer-file").setInputFiles({
      name: "receipt.png",
      mimeType: "image/png",
      buffer: Buffer.alloc(4096, 7),
    });
    await page.getByLabel("Caption", { exact: true }).fill("Receipt attached");
    await page.getByRole("button", { name: "Send file" }).click();
    await expect.poll(() => uploads.length).toBe(1);
    expect(uploads[0]).toMatchObject({ contentType: "image/png", bytes: 4096 });
    await expect
      .poll(() => stub.state.sent.at(-1)?.body)
      .toMatchObject({
        type: "image",
        to: jonas,
        mediaId: expect.stringMatching(/^med_/),
        caption: "Receipt attached",
      });
    await log.getByRole("button", { name: "Open photo: Receipt attached" }).waitFor();
  });

  it("shows a group by its subject and size, names the authors, and opens the group info drawer", async () => {
    await page.getByRole("button", { name: /Store team/ }).click();
    const log = page.getByRole("log");
    await log.getByText("I'll bring the samples").waitFor();
    // one label per run of messages by one member; a member without a push name shows as a number
    expect(await log.locator(".bubble__sender").allTextContents()).toEqual(["Marta", "+31687654321"]);
    expect(await page.locator(".chat__thread-head").textContent()).toContain("3 members");
    await expectAccessible("group chat");
    await shot("05d-chat-group");

    await page.getByRole("button", { name: "Group info" }).click();
    const drawer = page.getByRole("dialog", { name: "Store team" });
    await drawer.getByRole("list", { name: "Members" }).waitFor();
    expect(await drawer.locator(".badge").allTextContents()).toEqual(["Owner", "Admin"]);
    await expectAccessible("group info drawer");
    await shot("05e-group-info");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
  });

  it("checks a number in the new chat dialog, offers a new group, and opens a contact's info", async () => {
    await page.getByRole("button", { name: "New chat" }).click();
    const newChat = page.getByRole("dialog", { name: "New chat" });
    await newChat.getByLabel("Phone number").fill("+49 176 12345678");
    await newChat.getByText("On WhatsApp").waitFor();
    await expectAccessible("new chat dialog with a checked number");
    await page.keyboard.press("Escape");
    await newChat.waitFor({ state: "hidden" });

    await page.getByRole("button", { name: "New group" }).click();
    const newGroup = page.getByRole("dialog", { name: "New group" });
    await newGroup.getByLabel("Group name").waitFor();
    await expectAccessible("new group dialog");
    await shot("05f-new-group");
    await page.keyboard.press("Escape");
    await newGroup.waitFor({ state: "hidden" });

    await page.getByRole("button", { name: /^Jonas/ }).click();
    await page.getByRole("button", { name: "Contact info" }).click();
    const drawer = page.getByRole("dialog", { name: /^Jonas/ });
    await drawer.getByText("Available for deliveries").waitFor();
    await drawer.getByRole("button", { name: "Block" }).waitFor();
    await expectAccessible("contact info drawer");
    await shot("05g-contact-info");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
  });

  it("shows API keys and webhooks with their delivery log", async () => {
    await page.getByRole("link", { name: "API keys" }).click();
    await page.getByText("billing-service", { exact: true }).waitFor();
    await expectAccessible("API keys page");
    await shot("06-api-keys");
    await page.getByRole("button", { name: "New API key" }).first().click();
    await page.getByRole("checkbox", { name: /audit:read/ }).waitFor();
    await expectAccessible("new API key dialog with scopes and sessions");
    await shot("06a-new-key");
    await page.keyboard.press("Escape");

    await page.getByRole("link", { name: "Audit" }).click();
    await page.getByText("session.delete").waitFor();
    await expectAccessible("audit page");
    await shot("06b-audit");

    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("button", { name: "Deliveries" }).click();
    await page.getByText("Gave up").waitFor();
    await expectAccessible("webhooks page with the delivery log");
    await shot("07-webhooks");
  });

  it("opens the virtual phone panel in sim mode and works on a phone-sized screen", async () => {
    await page.getByRole("link", { name: "Sessions" }).click();
    await page.getByRole("button", { name: /Virtual phone/ }).click();
    await page.getByRole("heading", { name: "Virtual phone" }).waitFor();
    // docked beside the page: the panel and the page never overlap
    const overlap = await page.evaluate(() => {
      const a = document.querySelector("#virtual-phone")!.getBoundingClientRect();
      const b = document.querySelector("main")!.getBoundingClientRect();
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    });
    expect(overlap).toBe(false);
    await expectAccessible("virtual phone panel");
    await shot("08-virtual-phone");

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Close virtual phone" }).click();
    await shot("09-sessions-mobile");
    await docShot("sessions-mobile");
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
    expect(await page.evaluate(() => localStorage.getItem("wharf.apiKey"))).toBeNull();
  });
});
