import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "./simulator";
import { createTrustedSimulator, linkByPairingCode, linkByQr, type SimClient } from "./testing";

let sim: Simulator;
const clients: SimClient[] = [];

beforeAll(async () => {
  sim = await createTrustedSimulator();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await sim.close();
});

describe("two accounts linked concurrently", () => {
  it("do not see each other's traffic, even with the same contact", async () => {
    const alice = sim.createAccount({ name: "Alice" });
    const bob = sim.createAccount({ name: "Bob" });
    const [a, b] = await Promise.all([linkByQr(sim, alice.id), linkByPairingCode(sim, bob.id, bob.phone)]);
    clients.push(a, b);
    expect(a.auth.creds.me?.id).toBe(`${alice.phone}:1@s.whatsapp.net`);
    expect(b.auth.creds.me?.id).toBe(`${bob.phone}:1@s.whatsapp.net`);

    const contact = "919876543210";
    const toAlice = sim.sendText(alice.id, contact, "for alice only");
    const toBob = sim.sendText(bob.id, contact, "for bob only");
    await a.waitForMessage((u) => u.message.key.id === toAlice.id);
    await b.waitForMessage((u) => u.message.key.id === toBob.id);

    const fromAlice = await a.sock.sendMessage(`${contact}@s.whatsapp.net`, { text: "alice says hi" });
    const fromBob = await b.sock.sendMessage(`${contact}@s.whatsapp.net`, { text: "bob says hi" });
    await expect.poll(() => sim.received(alice.id).map((m) => m.text)).toEqual(["alice says hi"]);
    await expect.poll(() => sim.received(bob.id).map((m) => m.text)).toEqual(["bob says hi"]);
    expect(sim.received(alice.id)[0]?.id).toBe(fromAlice?.key.id);
    expect(sim.received(bob.id)[0]?.id).toBe(fromBob?.key.id);

    const texts = (c: SimClient): string[] =>
      c.upserts.filter((u) => !u.message.key.fromMe).map((u) => u.message.message?.conversation ?? "");
    expect(texts(a)).toEqual(["for alice only"]);
    expect(texts(b)).toEqual(["for bob only"]);
    expect(sim.inbox(alice.id).map((m) => m.id)).toEqual([toAlice.id]);
    expect(sim.inbox(bob.id).map((m) => m.id)).toEqual([toBob.id]);
  });
});
