import { join } from "node:path";
import { deflateSync, crc32 } from "node:zlib";
import type { LocalRuntime } from "@wharf/local";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, demoApi, type RealStack, startRealStack, stopRealStack } from "./real-stack";

const SESSION = "Media desk";
const CONTACT = "4915112340099";
const CAPTION = "Your receipt, stamped";

/** A real 48×48 PNG (a diagonal gradient), so the browser can decode and show it. */
function pngBytes(): Buffer {
  const size = 48;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) row.set([x * 5, y * 5, (x + y) * 2], 1 + x * 3);
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

interface ReceivedView {
  id: string;
  decoded: { kind: string; text: string | null; media: { verified: boolean; mimetype: string | null } | null };
}

describe("dashboard media end to end (real local runtime + simulator, Chromium)", () => {
  let rt: LocalRuntime;
  let page: Page;
  let stack: RealStack | undefined;
  let sessionId: string;
  let phone: string;
  const png = pngBytes();
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  /** The real API, as the demo tenant. */
  const api = demoApi(() => rt);
  /** The simulator's admin API: what the virtual phone's contacts received, contacts sending. */
  const sim = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${rt.sim!.adminUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const log = () => page.getByRole("log");

  beforeAll(async () => {
    stack = await startRealStack("wharf-web-media-e2e-", pageErrors);
    ({ rt, page, phone } = stack);
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail" && page)
      await shot(`media-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
  });

  afterAll(async () => {
    await stopRealStack(stack);
  });

  // linking through the UI is dashboard.e2e's part: here the API and the virtual phone do it
  it("links a session to the virtual phone, and a contact writes", async () => {
    const created = await api("POST", "/v1/sessions", { name: SESSION });
    expect(created.status).toBe(201);
    sessionId = created.body.id;
    expect((await api("POST", `/v1/sessions/${sessionId}/connect`, { method: "qr" })).status).toBe(202);
    const qrOf = async () => (await api("GET", `/v1/sessions/${sessionId}/qr`)).body?.qr as string | undefined;
    await expect.poll(qrOf, { timeout: 60_000 }).toMatch(/^https:/);
    const qr = (await qrOf())!;
    expect((await api("POST", `/v1/demo/phones/${phone}/scan`, { qr })).status).toBe(200);
    await expect
      .poll(async () => (await api("GET", `/v1/sessions/${sessionId}`)).body.status, { timeout: 60_000 })
      .toBe("open");
    // the contact opens the chat
    const hello = await api("POST", `/v1/demo/phones/${phone}/contacts/${CONTACT}/messages`, {
      text: "Can you send me the receipt?",
    });
    expect(hello.status).toBe(202);
  }, 120_000);

  it("signs in and opens the demo session's chat with the contact", async () => {
    await page.goto(rt.dashboardUrl);
    await page.getByLabel("API key").fill(rt.demo!.apiKey);
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: `Chat with ${SESSION}` }).click();
    const conversation = page.getByRole("list", { name: "Conversations" }).getByRole("button").first();
    await conversation.waitFor({ timeout: 30_000 });
    await conversation.click();
    await log().getByText("Can you send me the receipt?").waitFor({ timeout: 30_000 });
  });

  it("attaches a photo with the file picker, sends it with a caption, and the virtual phone decrypts the same bytes", async () => {
    await page
      .locator("input#composer-file")
      .setInputFiles({ name: "receipt.png", mimeType: "image/png", buffer: png });
    await page.getByRole("group", { name: "Attachment: receipt.png" }).waitFor();
    await page.getByLabel("Caption").fill(CAPTION);
    await page.keyboard.press("Enter");
    // the panel goes once the upload and the send went through; a refused upload keeps it with the reason
    await page.getByRole("group", { name: "Attachment: receipt.png" }).waitFor({ state: "detached", timeout: 30_000 });

    // the browser PUT the file to the S3 front (another origin than the dashboard) and sent it
    const received = async () =>
      ((await sim("GET", `/accounts/${phone}/received`)).body.messages as ReceivedView[]).find(
        (m) => m.decoded.kind === "image",
      );
    await expect.poll(received, { timeout: 60_000 }).toBeDefined();
    const photo = (await received())!;
    expect(photo.decoded).toMatchObject({ text: CAPTION, media: { verified: true, mimetype: "image/png" } });
    const file = await sim("GET", `/accounts/${phone}/received/${photo.id}/media`);
    expect(file.status).toBe(200);
    expect(Buffer.from(file.body.base64 as string, "base64").equals(png)).toBe(true);
  }, 120_000);

  it("the sent bubble shows the photo from its stored downloadUrl, not the composer's blob: preview, also after a reload", async () => {
    const img = log().locator("li", { hasText: CAPTION }).locator("img");
    await expect.poll(() => img.getAttribute("src"), { timeout: 30_000 }).toMatch(new RegExp(`^${rt.mediaEndpoint}/`));
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(48);
    expect(await log().locator('img[src^="blob:"]').count()).toBe(0);
    await shot("media-01-photo-sent");

    await page.reload();
    await log().locator("li", { hasText: CAPTION }).waitFor({ timeout: 30_000 });
    const again = log().locator("li", { hasText: CAPTION }).locator("img");
    await expect
      .poll(() => again.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 30_000 })
      .toBe(48);
    expect(await again.getAttribute("src")).toMatch(new RegExp(`^${rt.mediaEndpoint}/`));
  });

  it("the contact sends a voice note and the thread shows its play control", async () => {
    // contacts' media comes from the simulator's admin API (a demo route may replace this later)
    const sent = await sim("POST", `/accounts/${phone}/contacts/${CONTACT}/messages/audio`, {
      generatedBytes: 6000,
      mimetype: "audio/ogg; codecs=opus",
      ptt: true,
      seconds: 4,
    });
    expect(sent.status).toBe(202);
    const audio = log().locator("audio");
    await audio.waitFor({ timeout: 60_000 });
    expect(await audio.getAttribute("aria-label")).toMatch(/^Voice message/);
    expect(await audio.getAttribute("src")).toMatch(new RegExp(`^${rt.mediaEndpoint}/`));
    expect(await audio.evaluate((el) => (el as HTMLAudioElement).controls)).toBe(true);
    // the file behind the control downloads (a presigned GET through the S3 front)
    const status = await page.evaluate(async (src) => (await fetch(src)).status, (await audio.getAttribute("src"))!);
    expect(status).toBe(200);
    await shot("media-02-voice-note");
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
