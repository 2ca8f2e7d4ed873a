/**
 * END-TO-END: the built dashboard in Debian's Chromium against the REAL local runtime
 * (`startLocalRuntime` with `sim: true`: DynamoDB Local in memory, fauxqs, the control API,
 * the realtime WebSocket gateway and the WhatsApp simulator), signed in with the demo key the
 * runtime creates. Nothing is stubbed.
 *
 * A tenant's dashboard flow, step by step (each `it` continues where the last one left off):
 *   sign in → live → create session → QR from a real fleet worker (Baileys) → the virtual phone
 *   scans → badge connected, dialog closes → a contact's message appears in the chat → reply →
 *   ticks reach read → sessions page from the API → disconnect → delete; plus the virtual
 *   phone panel, webhooks (create, test, edit), the event log (live), sign-out.
 * Screenshots go to test-artifacts/e2e-*.png.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { verifySignature } from "@wharf/core";
import type { LocalRuntime } from "@wharf/local";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations } from "./a11y";
import { ARTIFACTS, demoApi, type RealStack, startRealStack, stopRealStack } from "./real-stack";

const SESSION = "Front desk";
/** the contact who writes to the linked phone */
const CONTACT = "4915112345678";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on this machine (the local runtime allows private targets). */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/wharf`, received, server };
}

describe("dashboard end to end (real local runtime + simulator, Chromium)", () => {
  let rt: LocalRuntime;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let stack: RealStack | undefined;
  let sessionId: string;
  /** the simulator's virtual phone that links the session */
  let phone: string;
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  /** The real API, as the demo tenant. */
  const api = demoApi(() => rt);
  const row = () => page.locator(`tr[data-session-id="${sessionId}"]`);
  /**
   * Keyboard only: presses Tab until the focused element's name (aria-label, else its text or
   * placeholder) matches, the way a keyboard user walks the page. Fails after 60 presses.
   */
  const tabTo = async (name: RegExp) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return "";
        const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
        return (
          el.getAttribute("aria-label") ??
          label ??
          el.getAttribute("placeholder") ??
          el.textContent ??
          ""
        ).trim();
      });
      if (name.test(focused)) return;
    }
    throw new Error(`Tab never reached ${name}`);
  };
  const badge = () => row().locator("[data-status]");

  beforeAll(async () => {
    [stack, receiver] = await Promise.all([startRealStack("wharf-web-e2e-", pageErrors), startReceiver()]);
    ({ rt, page, phone } = stack);
  }, 120_000);

  // a failed step leaves a picture of what the browser showed
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail" && page)
      await shot(`e2e-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
  });

  afterAll(async () => {
    await stopRealStack(stack);
    await new Promise<void>((resolve) => (receiver ? receiver.server.close(() => resolve()) : resolve()));
  });

  // Sign-in → create → link → chat → sign-out below use the keyboard only (tabTo, Enter, typing).
  it("signs in with the demo key the runtime printed, keyboard only", async () => {
    await page.goto(rt.dashboardUrl);
    await tabTo(/^API key$/);
    await page.keyboard.type(rt.demo!.apiKey);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Sessions", exact: true }).waitFor();
  });

  it("goes live over the runtime's realtime gateway (the URL the token names)", async () => {
    await expect.poll(() => page.getByText("Live", { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shot("e2e-01-signed-in");
  });

  it("creates a session, keyboard only, which opens the link dialog and starts a QR attempt", async () => {
    await tabTo(/^New session$/);
    await page.keyboard.press("Enter");
    const create = page.getByRole("dialog", { name: "New session" });
    await create.waitFor();
    // the name field has focus when the dialog opens
    await page.keyboard.type(SESSION);
    await page.keyboard.press("Enter");

    const link = page.getByRole("dialog", { name: "Link a phone" });
    await link.waitFor();
    const sessions = await api("GET", "/v1/sessions");
    expect(sessions.status).toBe(200);
    const created = (sessions.body.data as Array<{ id: string; name: string }>).find((s) => s.name === SESSION);
    expect(created).toBeDefined();
    sessionId = created!.id;
    // the dialog asked the API to connect: the session wants to be connected and waits for a worker
    await expect.poll(async () => (await api("GET", `/v1/sessions/${sessionId}`)).body.desiredState).toBe("connected");
  });

  it("shows the QR of a connection:qr frame from the worker, with its countdown", async () => {
    const link = page.getByRole("dialog", { name: "Link a phone" });
    await link.getByRole("img", { name: /QR code/ }).waitFor({ timeout: 60_000 });
    await link.locator(".countdown").waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shot("e2e-02-link-qr");
  });

  it("the dialog's 'Scan with a virtual phone' links it (keyboard only): the badge turns connected and the dialog closes itself", async () => {
    const qr = (await api("GET", `/v1/sessions/${sessionId}/qr`)).body.qr as string;
    expect(qr).toMatch(/^https:\/\/wa\.me\/settings\/linked_devices#/);
    await tabTo(/^Scan with a virtual phone$/);
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Link a phone" }).waitFor({ state: "detached", timeout: 60_000 });
    await expect.poll(() => badge().getAttribute("data-status"), { timeout: 30_000 }).toBe("open");
    expect((await api("GET", `/v1/sessions/${sessionId}`)).body).toMatchObject({ status: "open", phone });
    await shot("e2e-03-connected");
  });

  it("a contact's message appears in the chat without a reload", async () => {
    await tabTo(new RegExp(`^Chat with ${SESSION}$`));
    await page.keyboard.press("Enter");
    await page
      .getByRole("list", { name: "Conversations" })
      .or(page.getByText(/no conversations/i))
      .first()
      .waitFor();
    const sent = await api("POST", `/v1/demo/phones/${phone}/contacts/${CONTACT}/messages`, {
      text: "Hi, is the shop open today?",
    });
    expect(sent.status).toBe(202);
    const conversation = page.getByRole("list", { name: "Conversations" }).getByRole("button").first();
    await conversation.waitFor({ timeout: 30_000 });
    expect(await conversation.textContent()).toContain("Hi, is the shop open today?");
    await tabTo(/Hi, is the shop open today\?/);
    await page.keyboard.press("Enter");
    await page.getByRole("log").getByText("Hi, is the shop open today?").waitFor();
  });

  it("a reply goes out through the API with an Idempotency-Key and its ticks reach read", async () => {
    await tabTo(/^Message$/);
    await page.keyboard.type("Yes, until 6 pm!");
    await page.keyboard.press("Enter");
    const bubble = page.getByRole("log").locator("li", { hasText: "Yes, until 6 pm!" });
    await bubble.waitFor();
    const ticks = bubble.locator("[data-status]");
    await expect.poll(() => ticks.getAttribute("data-status"), { timeout: 30_000 }).toMatch(/^(sent|delivered)$/);
    await expect.poll(() => ticks.getAttribute("data-status"), { timeout: 30_000 }).toBe("delivered");
    // the contact's phone shows the reply, then the contact reads it
    const received = await fetch(`${rt.sim!.adminUrl}/accounts/${phone}/received`).then(
      (r) => r.json() as Promise<unknown>,
    );
    expect(JSON.stringify(received)).toContain("Yes, until 6 pm!");
    expect((await api("POST", `/v1/demo/phones/${phone}/receipts`, { type: "read" })).status).toBe(200);
    await expect.poll(() => ticks.getAttribute("data-status"), { timeout: 30_000 }).toBe("read");
    // your own reply is the conversation's preview
    expect(await page.getByRole("list", { name: "Conversations" }).getByRole("button").first().textContent()).toContain(
      "You: Yes, until 6 pm!",
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shot("e2e-04-chat");
    await page.getByRole("button", { name: "Back to sessions" }).click();
  });

  it("shows the session from the real API after a reload, with its live status", async () => {
    await page.reload();
    await row().waitFor();
    expect(await row().textContent()).toContain(SESSION);
    const status = (await api("GET", `/v1/sessions/${sessionId}`)).body.status as string;
    expect(await badge().getAttribute("data-status")).toBe(status);
    await shot("e2e-05-sessions");
  });

  it("disconnects and deletes the session", async () => {
    await page.getByRole("button", { name: `More actions for ${SESSION}`, exact: true }).click();
    await page.getByRole("menuitem", { name: /^Disconnect/ }).click();
    await expect.poll(() => badge().getAttribute("data-status"), { timeout: 15_000 }).toBe("disconnected");
    expect((await api("GET", `/v1/sessions/${sessionId}`)).body).toMatchObject({
      status: "disconnected",
      desiredState: "disconnected",
    });
    // no leftover "Reconnecting now." under a session the user stopped
    expect(await row().textContent()).not.toMatch(/Reconnecting now/);

    await page.getByRole("button", { name: `More actions for ${SESSION}`, exact: true }).click();
    await page.getByRole("menuitem", { name: "Delete session" }).click();
    const confirm = page.getByRole("alertdialog", { name: `Delete ${SESSION}?` });
    await confirm.getByRole("button", { name: "Delete session" }).click();
    await row().waitFor({ state: "detached" });
    expect((await api("GET", `/v1/sessions/${sessionId}`)).status).toBe(404);
  });

  it("shows the simulator's virtual phone (sim mode only)", async () => {
    await page.getByRole("button", { name: /Virtual phone/ }).click();
    const panel = page.getByRole("complementary", { name: "Virtual phone" });
    await panel.waitFor();
    expect(await panel.textContent()).toContain(phone.slice(-4));
    await shot("e2e-06-virtual-phone");
    await panel.getByRole("button", { name: "Close virtual phone" }).click();
  });

  it("creates a webhook with the fleet's event names, tests it and shows the signed delivery", async () => {
    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("button", { name: "New webhook" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New webhook" });
    await dialog.getByLabel("Endpoint URL").fill(receiver.url);
    await dialog.getByLabel("Description (optional)").fill("E2E receiver");
    await dialog.getByRole("checkbox", { name: /session\.qr/ }).check();
    await dialog.getByRole("button", { name: "Create webhook" }).click();
    const created = page.getByRole("dialog", { name: "Webhook created" });
    const secret = await created.getByLabel("Signing secret").inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await created.getByRole("button", { name: "Done" }).click();

    const hooks = await api("GET", "/v1/webhooks");
    expect(hooks.body.data[0]).toMatchObject({
      url: receiver.url,
      description: "E2E receiver",
      events: ["session.status", "session.qr", "message.received", "message.status"],
    });

    await page.getByRole("button", { name: "Send test" }).click();
    await page.getByText("Delivered", { exact: true }).waitFor({ timeout: 20_000 });
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(JSON.parse(got.body)).toMatchObject({ type: "webhook.test", tenantId: rt.demo!.tenantId });
    expect(verifySignature({ secret, body: got.body, header: got.headers["wharf-signature"] as string })).toBe(true);
    await shot("e2e-07-webhook-delivered");
  });

  it("edits the webhook (URL, pause, a header) and sees the change in the list and the API", async () => {
    await page.getByRole("button", { name: `Edit webhook ${receiver.url}` }).click();
    const dialog = page.getByRole("dialog", { name: "Edit webhook" });
    await dialog.getByLabel("Endpoint URL").fill(`${receiver.url}/v2`);
    await dialog.getByRole("checkbox", { name: /Pause deliveries/ }).check();
    await dialog.getByRole("button", { name: "Add header" }).click();
    await dialog.getByLabel("Header 1 name").fill("X-Team");
    await dialog.getByLabel("Header 1 value").fill("ops");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByText(`${receiver.url}/v2`, { exact: true }).waitFor();
    await page.getByText("Paused", { exact: true }).waitFor();
    const hook = (await api("GET", "/v1/webhooks")).body.data[0];
    expect(hook).toMatchObject({ url: `${receiver.url}/v2`, paused: true, headers: { "X-Team": "ops" } });
    await shot("e2e-08-webhook-edited");
  });

  it("the event log shows the session's status changes, and a new one appears live", async () => {
    await page.getByRole("link", { name: "Events" }).click();
    await page.getByRole("heading", { name: "Events", exact: true }).waitFor();
    const log = page.getByRole("list", { name: "Events" });
    // the deleted session's history stays: it connected, then was disconnected
    await log
      .locator(`li[data-session-id="${sessionId}"]`, { hasText: "Connected" })
      .first()
      .waitFor({ timeout: 15_000 });
    await log.locator(`li[data-session-id="${sessionId}"]`, { hasText: "Disconnected" }).first().waitFor();

    // a new session starts linking while the page is open: its status changes arrive as frames
    const created = await api("POST", "/v1/sessions", { name: "Night shift" });
    expect(created.status).toBe(201);
    expect((await api("POST", `/v1/sessions/${created.body.id}/connect`, { method: "qr" })).status).toBe(202);
    await log
      .locator(`li[data-session-id="${created.body.id}"][data-event-type="session.status"]`)
      .first()
      .waitFor({ timeout: 60_000 });
    await page.getByLabel("Type").selectOption({ label: "Failed sends" });
    await page.getByText("No events match these filters").waitFor();
    await page.getByLabel("Type").selectOption({ label: "All types" });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shot("e2e-09-event-log");
    expect((await api("DELETE", `/v1/sessions/${created.body.id}`)).status).toBe(204);
  });

  it("signs out (keyboard only) and forgets the key, with no script errors on the way", async () => {
    await tabTo(/^Sign out$/);
    await page.keyboard.press("Enter");
    await page.getByLabel("API key").waitFor();
    expect(await page.evaluate(() => localStorage.getItem("wharf.apiKey"))).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
