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

/** base keys of every Signal session the client keeps for `jid` (open and closed) */
async function sessionsWith(client: SimClient, jid: string): Promise<string[]> {
  const addr = client.sock.signalRepository.jidToSignalProtocolAddress(jid);
  const { [addr]: record } = await client.auth.keys.get("session", [addr]);
  const sessions = (record as { _sessions?: Record<string, unknown> } | undefined)?._sessions ?? {};
  return Object.keys(sessions);
}

describe("the client's first messages to a contact that wrote first", () => {
  it("go out under the contact's session instead of a new one per concurrent send", async () => {
    const account = sim.createAccount();
    const client = await linkByQr(sim, account.id);
    clients.push(client);
    const contact = "4915100000999";
    const hello = sim.sendText(account.id, contact, "hello");
    const first = await client.waitForMessage((u) => u.message.key.id === hello.id && !!u.message.message);
    const contactJid = first.message.key.remoteJid as string;
    expect(await sessionsWith(client, contactJid)).toHaveLength(1);

    // the first sends look the contact's devices up (nothing cached yet); Baileys then forced a
    // fresh session for each of them, closing the one the contact's next messages use
    const texts = Array.from({ length: 8 }, (_, i) => `reply ${i}`);
    await Promise.all(texts.map((text) => client.sock.sendMessage(`${contact}@s.whatsapp.net`, { text })));
    await expect.poll(() => sim.received(account.id).length, { timeout: 20_000 }).toBe(texts.length);

    expect(await sessionsWith(client, contactJid)).toHaveLength(1);
    const after = sim.sendText(account.id, contact, "still readable");
    await client.waitForMessage((u) => u.message.key.id === after.id && !!u.message.message);
  });
});
