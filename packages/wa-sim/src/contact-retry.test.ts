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

describe("a contact that cannot decrypt a message from the account", () => {
  it("asks for it again with fresh keys, and the client's resend (a new session) arrives", async () => {
    const account = sim.createAccount();
    const client = await linkByQr(sim, account.id);
    clients.push(client);
    const contact = "4915100000777";
    const hello = sim.sendText(account.id, contact, "hello");
    await client.waitForMessage((u) => u.message.key.id === hello.id);
    await client.sock.sendMessage(`${contact}@s.whatsapp.net`, { text: "one" });
    await expect.poll(() => sim.received(account.id).map((m) => m.text)).toEqual(["one"]);

    // the contact loses its session without telling anyone (a reinstall): the client's next
    // message is under a session the contact no longer has
    await sim.resetContactSession(account.id, contact);
    const two = await client.sock.sendMessage(`${contact}@s.whatsapp.net`, { text: "two" });
    await expect.poll(() => sim.received(account.id).map((m) => m.text), { timeout: 20_000 }).toEqual(["one", "two"]);
    expect(sim.received(account.id)[1]?.id).toBe(two?.key.id);
    await expect.poll(() => sim.received(account.id)[1]?.status, { timeout: 20_000 }).toBe("delivered");
  });
});
