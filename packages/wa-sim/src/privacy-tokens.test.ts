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

describe("the privacy token a client issues to a contact it writes to", () => {
  it("is issued once and remembered, not again with every message", async () => {
    const account = sim.createAccount();
    const client = await linkByQr(sim, account.id);
    clients.push(client);
    const contact = "4915100000777";
    const jid = `${contact}@s.whatsapp.net`;

    await client.sock.sendMessage(jid, { text: "first" });
    await expect.poll(() => sim.privacyTokensIssued(account.id).length, { timeout: 10_000 }).toBe(1);
    // Baileys issues it after the send, outside the send's key transaction; stock rc14 kept the
    // issuance time in that (already committed) transaction, so it was never stored
    const storedUnder = (await client.sock.signalRepository.lidMapping.getLIDForPN(jid)) ?? jid;
    await expect
      .poll(
        async () => {
          const { [storedUnder]: entry } = await client.auth.keys.get("tctoken", [storedUnder]);
          return (entry as { senderTimestamp?: number } | undefined)?.senderTimestamp;
        },
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);

    for (const text of ["second", "third", "fourth"]) await client.sock.sendMessage(jid, { text });
    await expect.poll(() => sim.received(account.id).length, { timeout: 10_000 }).toBe(4);
    expect(sim.privacyTokensIssued(account.id)).toHaveLength(1);
  });
});
