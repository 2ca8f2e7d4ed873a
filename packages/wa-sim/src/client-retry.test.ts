import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_RESENDS } from "./messaging/inbound";
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

async function linkedWithContact(contact: string) {
  const account = sim.createAccount();
  const client = await linkByQr(sim, account.id);
  clients.push(client);
  const hello = sim.sendText(account.id, contact, "hello");
  const first = await client.waitForMessage((u) => u.message.key.id === hello.id && !!u.message.message);
  return { account, client, contactJid: first.message.key.remoteJid as string };
}

const decrypted = (client: SimClient, id: string) =>
  client.upserts.some((u) => u.message.key.id === id && !!u.message.message?.conversation);

describe("a client that cannot decrypt a contact's messages asks for them again", () => {
  it("gets a whole burst under one new session after it lost the old one", { timeout: 90_000 }, async () => {
    const contact = "4915100000888";
    const { account, client, contactJid } = await linkedWithContact(contact);
    // the client forgets its session with the contact (as a successor that loaded an older
    // record would): every message of the burst fails at first and is asked for again
    await client.sock.signalRepository.deleteSession([contactJid]);
    const burst = Array.from({ length: 20 }, (_, i) => sim.sendText(account.id, contact, `burst ${i}`));

    await expect
      .poll(() => burst.filter((m) => decrypted(client, m.id)).length, { timeout: 60_000 })
      .toBe(burst.length);
    const inbox = sim.inbox(account.id).filter((r) => r.text.startsWith("burst"));
    // one new session mends the burst; a new session per retried message would close the
    // session the next ones went out under
    expect(new Set(inbox.map((r) => r.session)).size).toBeLessThanOrEqual(2);
    expect(inbox.every((r) => r.attempts <= 3)).toBe(true);
  });

  it("gives a message up as failed, with the reason, once the client asked too often", {
    timeout: 120_000,
  }, async () => {
    const contact = "4915100000889";
    const { account, client, contactJid } = await linkedWithContact(contact);
    const repo = client.sock.signalRepository;
    const decrypt = repo.decryptMessage.bind(repo);
    repo.decryptMessage = async (args) => {
      if (args.jid.split("@")[0]?.split(":")[0] === contactJid.split("@")[0]) throw new Error("Bad MAC");
      return decrypt(args);
    };
    const lost = sim.sendText(account.id, contact, "never readable");

    await expect
      .poll(() => sim.inbox(account.id).find((r) => r.id === lost.id)?.failure, { timeout: 90_000 })
      .toBe("retries_exhausted");
    const record = sim.inbox(account.id).find((r) => r.id === lost.id);
    expect(record?.status).toBe("failed");
    expect(record?.attempts).toBe(MAX_RESENDS + 1); // the first send and one resend per ask
  });
});
