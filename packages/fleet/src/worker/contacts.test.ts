import { useTestStack } from "@wharf/aws/testing";
import type { OperationName, OperationParams } from "@wharf/contracts";
import { newId } from "@wharf/core";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;
let account: ReturnType<typeof sim.createAccount>;
let s: { tenantId: string; sessionId: string };

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  await h.startWorker();
  account = sim.createAccount({ name: "Support Desk" });
  s = await h.createSession();
  await h.place(s, { method: "qr" });
  await linkSessionByQr(h, sim, s, account.id);
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

/** Sends one session.operation (to the owner, or to `inboxUrl`) and waits for its operation.completed. */
async function operate<N extends OperationName>(op: N, params: OperationParams<N>, to = s, inboxUrl?: string) {
  const operationId = newId("operation");
  const data = { operationId, op, params } as never;
  if (inboxUrl) await h.commandTo(inboxUrl, to, "session.operation", data);
  else await h.command(to, "session.operation", data);
  const e = await h.events.waitFor(to.sessionId, "operation.completed", (m) => m.data.operationId === operationId);
  return e.data.outcome;
}

describe("session operations on the owner, real Baileys against the simulator", () => {
  it("reads the linked account's profile with its picture", async () => {
    sim.contacts.setProfile(account.phone, { pictureUrl: "https://pics.example/desk.jpg" });
    // the simulator sends no push name, so `name` is whatever Baileys learnt (may be null)
    expect(await operate("account.profile", {})).toMatchObject({
      ok: true,
      result: {
        jid: `${account.phone}@s.whatsapp.net`,
        phone: account.phone,
        pictureUrl: "https://pics.example/desk.jpg",
      },
    });
  });

  it("checks numbers: on WhatsApp with the JID, or not", async () => {
    sim.contacts.setProfile("4915100000702", { onWhatsApp: false });
    expect(await operate("contacts.check", { phones: ["4915100000701", "4915100000702"] })).toEqual({
      ok: true,
      result: {
        results: [
          { phone: "4915100000701", onWhatsApp: true, jid: "4915100000701@s.whatsapp.net" },
          { phone: "4915100000702", onWhatsApp: false, jid: null },
        ],
      },
    });
  });

  it("reads a contact's picture and status; a number not on WhatsApp fails not_on_whatsapp", async () => {
    sim.contacts.setProfile("4915100000711", { pictureUrl: "https://pics.example/711.jpg", status: "Busy" });
    expect(await operate("contacts.get", { jid: "4915100000711@s.whatsapp.net" })).toMatchObject({
      ok: true,
      result: { phone: "4915100000711", pictureUrl: "https://pics.example/711.jpg", status: "Busy" },
    });
    expect(await operate("contacts.get", { jid: "4915100000712@s.whatsapp.net" })).toMatchObject({
      ok: true,
      result: { pictureUrl: null, status: null, statusSetAt: null },
    });
    sim.contacts.setProfile("4915100000713", { onWhatsApp: false });
    expect(await operate("contacts.get", { jid: "4915100000713@s.whatsapp.net" })).toMatchObject({
      ok: false,
      code: "not_on_whatsapp",
    });
  });

  it("blocks, lists and unblocks a contact", async () => {
    const jid = "4915100000721@s.whatsapp.net";
    expect(await operate("contacts.block", { jid, action: "block" })).toEqual({
      ok: true,
      result: { jid, blocked: true },
    });
    expect(sim.contacts.blocklist(account.id)).toEqual(["4915100000721"]);
    expect(await operate("contacts.blocklist", {})).toEqual({ ok: true, result: { jids: [jid] } });
    await operate("contacts.block", { jid, action: "unblock" });
    expect(await operate("contacts.blocklist", {})).toEqual({ ok: true, result: { jids: [] } });
  });

  it("subscribes to a contact's presence; online, typing and offline arrive as chat.presence", async () => {
    const pn = "4915100000731";
    const jid = `${pn}@s.whatsapp.net`;
    expect(await operate("presence.subscribe", { jid })).toEqual({ ok: true, result: { jid, subscribed: true } });
    await expect.poll(() => sim.chat.activity(account.id).subscriptions).toContain(pn);
    await h.events.waitFor(s.sessionId, "chat.presence", (e) => e.data.state === "available");
    sim.chat.sendChatstate(account.id, pn, "recording");
    await h.events.waitFor(s.sessionId, "chat.presence", (e) => e.data.state === "recording");
    sim.chat.sendPresence(account.id, pn, "unavailable");
    await h.events.waitFor(s.sessionId, "chat.presence", (e) => e.data.state === "unavailable");
  });

  it("answers session_not_open for a session nobody holds", async () => {
    const idle = await h.createSession({ desiredState: "disconnected", status: "disconnected" });
    const owner = (await h.sessions.get(s.tenantId, s.sessionId))?.lease.owner;
    const inboxUrl = (await h.registry.get(owner!))!.inboxUrl;
    expect(await operate("contacts.blocklist", {}, idle, inboxUrl)).toMatchObject({
      ok: false,
      code: "session_not_open",
    });
  });
});
