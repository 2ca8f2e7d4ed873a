import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "./simulator";
import { createTrustedSimulator, linkByQr, type SimClient } from "./testing";

let sim: Simulator;
const clients: SimClient[] = [];

beforeAll(async () => {
  sim = await createTrustedSimulator();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await sim.close();
});

const linkedAccount = async (): Promise<{ id: string; phone: string; client: SimClient }> => {
  const account = sim.createAccount();
  const client = await linkByQr(sim, account.id);
  clients.push(client);
  return { id: account.id, phone: account.phone, client };
};

const statusCodeOf = (err: unknown): unknown => (err as { data?: unknown }).data;

describe("contacts and profiles, through Baileys' own calls", () => {
  it("onWhatsApp lists the numbers on WhatsApp and leaves out the ones marked unregistered", async () => {
    const { client } = await linkedAccount();
    sim.contacts.setProfile("4915123400301", { onWhatsApp: false });
    const found = await client.sock.onWhatsApp("4915123400300", "4915123400301");
    expect(found).toEqual([{ jid: "4915123400300@s.whatsapp.net", exists: true }]);
  });

  it("profile picture URL of a contact and of the account itself; 404 item-not-found without one", async () => {
    const { client, phone } = await linkedAccount();
    const pn = "4915123400310";
    const err = await client.sock.profilePictureUrl(`${pn}@s.whatsapp.net`, "image").catch((e: unknown) => e);
    expect(statusCodeOf(err)).toBe(404);
    sim.contacts.setProfile(pn, { pictureUrl: "https://pics.example/310.jpg" });
    expect(await client.sock.profilePictureUrl(`${pn}@s.whatsapp.net`, "image")).toBe("https://pics.example/310.jpg");
    sim.contacts.setProfile(phone, { pictureUrl: "https://pics.example/me.jpg" });
    expect(await client.sock.profilePictureUrl(`${phone}@s.whatsapp.net`, "image")).toBe("https://pics.example/me.jpg");
  });

  it("status text through the usync status protocol, null when none is set", async () => {
    const { client } = await linkedAccount();
    sim.contacts.setProfile("4915123400320", { status: "At the gym" });
    const [withStatus] = (await client.sock.fetchStatus("4915123400320@s.whatsapp.net")) ?? [];
    expect(withStatus).toMatchObject({ id: "4915123400320@s.whatsapp.net", status: { status: "At the gym" } });
    const [without] = (await client.sock.fetchStatus("4915123400321@s.whatsapp.net")) ?? [];
    expect((without?.status as { status: unknown } | undefined)?.status).toBeNull();
  });

  it("blocks and unblocks a contact; the blocklist IQ lists it by LID with its phone", async () => {
    const { id, client } = await linkedAccount();
    const pn = "4915123400330";
    await client.sock.updateBlockStatus(`${pn}@s.whatsapp.net`, "block");
    expect(sim.contacts.blocklist(id)).toEqual([pn]);
    const listed = await client.sock.fetchBlocklist();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatch(/@lid$/);
    await client.sock.updateBlockStatus(`${pn}@s.whatsapp.net`, "unblock");
    expect(sim.contacts.blocklist(id)).toEqual([]);
    expect(await client.sock.fetchBlocklist()).toEqual([]);
  });
});
