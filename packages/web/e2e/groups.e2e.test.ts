import { join } from "node:path";
import type { LocalRuntime } from "@wharf/local";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations } from "./a11y";
import { ARTIFACTS, demoApi, type RealStack, startRealStack, stopRealStack } from "./real-stack";

const SESSION = "Group desk";
const SUBJECT = "Shop team";
/** the member who writes in the group (with a push name) and the one who is removed */
const AUTHOR = { phone: "4915112345678", typed: "+49 151 12345678", pushName: "Ana" };
const REMOVED = { phone: "4915187654321", typed: "+49 151 87654321", shown: "+4915187654321" };
const POST = "Opening at 9 tomorrow";
const REPLY = "I'll bring the keys";

describe("dashboard groups end to end (real local runtime + simulator, Chromium)", () => {
  let rt: LocalRuntime;
  let page: Page;
  let stack: RealStack | undefined;
  let sessionId: string;
  /** the simulator's virtual phone that links the session */
  let phone: string;
  /** the group the dialog created */
  let groupJid: string;
  const pageErrors: string[] = [];
  /** every frame the page's realtime socket received, parsed */
  const frames: Array<{ type?: string; data?: Record<string, unknown> }> = [];

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  /** The real API, as the demo tenant. */
  const api = demoApi(() => rt);
  const thread = () => page.getByRole("region", { name: `Conversation with ${SUBJECT}` });
  const conversation = () => page.getByRole("list", { name: "Conversations" }).getByRole("button", { name: SUBJECT });
  const drawer = () => page.getByRole("dialog", { name: SUBJECT });

  beforeAll(async () => {
    stack = await startRealStack("wharf-web-groups-e2e-", pageErrors);
    ({ rt, page, phone } = stack);
    page.on("websocket", (ws) =>
      ws.on("framereceived", ({ payload }) => {
        try {
          frames.push(JSON.parse(String(payload)));
        } catch {
          // a non-JSON frame (none expected) is not a group update
        }
      }),
    );
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail" && page)
      await shot(`groups-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
  });

  afterAll(async () => {
    await stopRealStack(stack);
  });

  // linking through the UI is dashboard.e2e's part: here the API and the virtual phone do it
  it("links a session to the virtual phone and opens its chats in the dashboard", async () => {
    const created = await api("POST", "/v1/sessions", { name: SESSION });
    expect(created.status).toBe(201);
    sessionId = created.body.id;
    expect((await api("POST", `/v1/sessions/${sessionId}/connect`, { method: "qr" })).status).toBe(202);
    const qrOf = async () => (await api("GET", `/v1/sessions/${sessionId}/qr`)).body?.qr as string | undefined;
    await expect.poll(qrOf, { timeout: 60_000 }).toMatch(/^https:/);
    expect((await api("POST", `/v1/demo/phones/${phone}/scan`, { qr: await qrOf() })).status).toBe(200);
    await expect
      .poll(async () => (await api("GET", `/v1/sessions/${sessionId}`)).body.status, { timeout: 60_000 })
      .toBe("open");

    await page.goto(rt.dashboardUrl);
    await page.getByLabel("API key").fill(rt.demo!.apiKey);
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: `Chat with ${SESSION}` }).click();
    await page.getByText("No conversations yet").waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByText("Live", { exact: true }).count(), { timeout: 15_000 }).toBe(1);
  }, 120_000);

  it("creates a group with two contacts through the New group dialog, which opens its thread", async () => {
    await page.getByRole("button", { name: "New group" }).click();
    const dialog = page.getByRole("dialog", { name: "New group" });
    await dialog.getByLabel("Group name").fill(SUBJECT);
    await dialog.getByLabel("Members' phone numbers").fill(`${AUTHOR.typed}\n${REMOVED.typed}`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Create group" }).click();
    await dialog.waitFor({ state: "hidden", timeout: 30_000 });

    // the thread head names the group and its size: the virtual phone plus the two contacts
    await thread().getByText("3 members").waitFor({ timeout: 30_000 });
    await conversation().waitFor();
    const groups = (await api("GET", `/v1/sessions/${sessionId}/groups`)).body.data as Array<{
      jid: string;
      subject: string;
      participantCount: number;
    }>;
    const group = groups.find((g) => g.subject === SUBJECT);
    expect(group).toMatchObject({ participantCount: 3 });
    groupJid = group!.jid;
    expect(groupJid).toMatch(/@g\.us$/);
  }, 60_000);

  it("a member's post shows in the group thread under the author's name, without a reload", async () => {
    const posted = await api(
      "POST",
      `/v1/demo/phones/${phone}/groups/${encodeURIComponent(groupJid)}/members/${AUTHOR.phone}/messages`,
      { text: POST, pushName: AUTHOR.pushName },
    );
    expect(posted.status).toBe(202);
    const bubble = thread().getByRole("log").locator("li", { hasText: POST });
    await bubble.waitFor({ timeout: 30_000 });
    // the label is the push name the member gave WhatsApp (allTextContents() answers at once,
    // so a missing label fails the poll instead of hanging)
    await expect
      .poll(() => bubble.locator(".bubble__sender").allTextContents(), { timeout: 5_000 })
      .toEqual([AUTHOR.pushName]);
    expect(await conversation().textContent()).toContain(POST);

    // another member starts a new run and gets their own label: the push name WhatsApp carried
    // (the simulator gives its contacts one); the sender JID (a LID in the simulator's groups)
    // is never shown
    const reply = await api(
      "POST",
      `/v1/demo/phones/${phone}/groups/${encodeURIComponent(groupJid)}/members/${REMOVED.phone}/messages`,
      { text: REPLY },
    );
    expect(reply.status).toBe(202);
    const second = thread().getByRole("log").locator("li", { hasText: REPLY });
    await second.waitFor({ timeout: 30_000 });
    const stored = (await api("GET", `/v1/sessions/${sessionId}/chats/${encodeURIComponent(groupJid)}/messages`)).body
      .data as Array<{ text: string | null; from: string | null; pushName: string | null }>;
    const author = stored.find((m) => m.text === REPLY);
    expect(author?.pushName).toBeTruthy();
    await expect
      .poll(() => second.locator(".bubble__sender").allTextContents(), { timeout: 5_000 })
      .toEqual([author!.pushName]);
    expect(await thread().getByRole("log").textContent()).not.toContain(author!.from!.split("@")[0]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shot("groups-01-thread");
  });

  it("removes a member from the Group info drawer after confirming; the list and the member count follow", async () => {
    await thread().getByRole("button", { name: "Group info" }).click();
    const members = drawer().getByRole("list", { name: "Members" });
    await members.getByText(REMOVED.shown, { exact: true }).waitFor({ timeout: 30_000 });
    await drawer().getByRole("heading", { name: "3 members" }).waitFor();
    expect(await members.getByRole("listitem").count()).toBe(3);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shot("groups-02-info");

    await drawer()
      .getByRole("button", { name: `Actions for ${REMOVED.shown}` })
      .click();
    await page.getByRole("menuitem", { name: "Remove from group" }).click();
    const confirm = page.getByRole("alertdialog", { name: `Remove ${REMOVED.shown}?` });
    await confirm.getByRole("button", { name: "Remove" }).click();
    await confirm.waitFor({ state: "hidden", timeout: 30_000 });

    await members.getByText(REMOVED.shown, { exact: true }).waitFor({ state: "detached", timeout: 30_000 });
    await drawer().getByRole("heading", { name: "2 members" }).waitFor();
    expect(await members.getByRole("listitem").count()).toBe(2);
    // the chat list (and the thread head's "N members") changes through the group:updated frame
    await conversation().getByText("2 members").waitFor({ timeout: 30_000 });
    const update = frames.find((f) => f.type === "group:updated" && f.data?.event === "group.participants_removed");
    expect(update?.data).toMatchObject({ groupJid, group: { participantCount: 2 } });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shot("groups-03-removed");

    await drawer()
      .getByRole("button", { name: /^Close/ })
      .click();
    await thread().getByText("2 members").waitFor();
    const group = await api("GET", `/v1/sessions/${sessionId}/groups/${encodeURIComponent(groupJid)}`);
    expect(group.status).toBe(200);
    expect(group.body.participantCount).toBe(2);
    expect(JSON.stringify(group.body.participants)).not.toContain(REMOVED.phone);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
