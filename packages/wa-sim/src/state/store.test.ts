import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import type { Simulator } from "../simulator";
import { createTrustedSimulator, linkByQr, reconnect, type SimClient } from "../testing";
import { createFileStateStore, createMemoryStateStore, type SimStateStore } from "./store";

const dir = mkdtempSync(join(tmpdir(), "wa-sim-state-"));
const sims: Simulator[] = [];
const clients: SimClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await Promise.all(sims.map((s) => s.close().catch(() => undefined)));
  rmSync(dir, { recursive: true, force: true });
});
const start = async (stateStore: SimStateStore) => {
  const sim = await createTrustedSimulator({
    stateStore,
    stateSaveDebounceMs: 50,
    trustLogger: pino({ level: "silent" }),
  });
  sims.push(sim);
  return sim;
};
const track = (c: SimClient): SimClient => {
  clients.push(c);
  return c;
};
const CONTACT = "4915112345678";

describe.each([
  ["in memory", () => createMemoryStateStore()],
  ["in a file", () => createFileStateStore(join(dir, `state-${Date.now()}.json`))],
])("the simulator's state store (%s)", (_name, makeStore) => {
  it("brings back accounts, the linked device and both Signal sessions after a restart", async () => {
    const store = makeStore();
    const first = await start(store);
    const account = first.createAccount({ name: "Shop phone" });
    const client = track(await linkByQr(first, account.id));
    const hello = first.sendText(account.id, CONTACT, "before the restart", { pushName: "Greta" });
    await client.waitForMessage((u) => u.message.key.id === hello.id);
    await client.sock.sendMessage(`${CONTACT}@s.whatsapp.net`, { text: "answer before" });
    await expect.poll(() => first.received(account.id).map((m) => m.text)).toEqual(["answer before"]);
    await client.end();
    await first.close();

    const second = await start(store);
    expect(second.getAccount(account.id)).toMatchObject({
      name: "Shop phone",
      lid: account.lid,
      linked: true,
      keyIndex: 1,
    });
    // the same stored creds log in again, without a QR
    const again = track(await reconnect(second, client));
    const after = second.sendText(account.id, CONTACT, "after the restart");
    const { message } = await again.waitForMessage((u) => u.message.key.id === after.id);
    expect(message.message?.conversation).toBe("after the restart");
    // the contact's Signal session continued: a ratchet message, not a new session
    expect(second.inbox(account.id).map((m) => m.encType)).toEqual(["msg"]);
    await again.sock.sendMessage(`${CONTACT}@s.whatsapp.net`, { text: "answer after" });
    await expect.poll(() => second.received(account.id).map((m) => m.text)).toEqual(["answer after"]);
    // a new account does not take a phone number the first run handed out
    expect(second.createAccount().phone).not.toBe(account.phone);
  }, 60_000);

  it("brings back groups, contacts' profiles and the blocklist after a restart", async () => {
    const store = makeStore();
    const first = await start(store);
    const account = first.createAccount({ name: "Group phone" });
    const client = track(await linkByQr(first, account.id));
    const member = "4915100000071";
    const group = await client.sock.groupCreate("Kept team", [`${member}@s.whatsapp.net`]);
    await client.sock.groupUpdateDescription(group.id, "Survives restarts");
    const invite = await client.sock.groupInviteCode(group.id);
    await client.sock.updateBlockStatus("4915100000072@s.whatsapp.net", "block");
    first.contacts.setProfile(member, { status: "Still here", pictureUrl: "https://pics.example/71.jpg" });
    first.contacts.setProfile("4915100000073", { onWhatsApp: false });
    await client.end();
    await first.close();

    const second = await start(store);
    const again = track(await reconnect(second, client));
    const meta = await again.sock.groupMetadata(group.id);
    expect(meta).toMatchObject({ subject: "Kept team", desc: "Survives restarts" });
    expect(meta.participants.map((p) => [p.phoneNumber, p.admin])).toEqual([
      [`${account.phone}@s.whatsapp.net`, "superadmin"],
      [`${member}@s.whatsapp.net`, null],
    ]);
    expect(await again.sock.groupInviteCode(group.id)).toBe(invite);
    expect(second.contacts.blocklist(account.id)).toEqual(["4915100000072"]);
    expect(await again.sock.fetchBlocklist()).toHaveLength(1);
    const [status] = (await again.sock.fetchStatus(`${member}@s.whatsapp.net`)) ?? [];
    expect(status).toMatchObject({ status: { status: "Still here" } });
    expect(await again.sock.profilePictureUrl(`${member}@s.whatsapp.net`, "image")).toBe("https://pics.example/71.jpg");
    expect(await again.sock.onWhatsApp("4915100000073")).toEqual([]);
    // the member still posts in the group, and the account decrypts it
    const [post] = second.groups.post(group.id, member, { type: "text", text: "after the restart" });
    const got = await again.waitForMessage((u) => u.message.key.id === post?.id);
    expect(got.message.message?.conversation ?? got.message.message?.extendedTextMessage?.text).toBe(
      "after the restart",
    );
  }, 60_000);
});

describe("the file state store", () => {
  const quiet = pino({ level: "silent" });

  it("starts empty without a file and leaves no temporary files after saving", async () => {
    const file = join(dir, "fresh", "wa-sim.json");
    const store = createFileStateStore(file, quiet);
    expect(await store.load()).toBeUndefined();
    const sim = await start(store);
    sim.createAccount({ phone: "15550123456" });
    await sim.close();
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(join(dir, "fresh"))).toEqual(["wa-sim.json"]);
    expect((await store.load())?.accounts.map((a) => a.phone)).toEqual(["15550123456"]);
  });

  it("moves an unreadable file aside and starts empty", async () => {
    const file = join(dir, "broken.json");
    writeFileSync(file, "{ not json");
    expect(await createFileStateStore(file, quiet).load()).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).some((f) => f.startsWith("broken.json.corrupt-"))).toBe(true);
  });

  it("saves changes within the debounce, before close", async () => {
    const file = join(dir, "debounced.json");
    const store = createFileStateStore(file, quiet);
    const sim = await start(store);
    sim.createAccount({ phone: "15550123457" });
    await expect.poll(async () => (await store.load())?.accounts.length).toBe(1);
    await sim.close();
  });
});
