import { DisconnectReason, proto } from "@whiskeysockets/baileys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "./simulator";
import { createTrustedSimulator, linkByQr, reconnect, type SimClient } from "./testing";

const { Status } = proto.WebMessageInfo;

let sim: Simulator;
const clients: SimClient[] = [];
const track = (c: SimClient): SimClient => (clients.push(c), c);

beforeAll(async () => {
  sim = await createTrustedSimulator();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await sim.close();
});

const linkedAccount = async (): Promise<{ id: string; lid: string; client: SimClient }> => {
  const account = sim.createAccount();
  return { id: account.id, lid: account.lid, client: track(await linkByQr(sim, account.id)) };
};

describe("messages from contacts", () => {
  it("arrive as messages.upsert with the text, the sender's LID and phone number, and the push name", async () => {
    const { id, client } = await linkedAccount();
    const sent = sim.sendText(id, "4915112345678", "Hallo aus dem Simulator", { pushName: "Greta" });
    const { message, type } = await client.waitForMessage((u) => u.message.key.id === sent.id);
    expect(type).toBe("notify");
    expect(message.message?.conversation).toBe("Hallo aus dem Simulator");
    expect(message.key.fromMe).toBe(false);
    expect(message.key.remoteJid).toMatch(/^[0-9]+@lid$/);
    expect(message.key.remoteJidAlt).toBe("4915112345678@s.whatsapp.net");
    expect(message.pushName).toBe("Greta");
    await expect.poll(() => sim.inbox(id)[0]?.status).toBe("delivered");
  });

  it("use a Signal pkmsg first and the ratchet (msg) once the account has answered", async () => {
    const { id, client } = await linkedAccount();
    const contact = "447700900123";
    const first = sim.sendText(id, contact, "one");
    await client.waitForMessage((u) => u.message.key.id === first.id);
    const reply = await client.sock.sendMessage(`${contact}@s.whatsapp.net`, { text: "ack one" });
    await expect.poll(() => sim.received(id).map((m) => m.text)).toEqual(["ack one"]);
    const second = sim.sendText(id, contact, "two");
    const { message } = await client.waitForMessage((u) => u.message.key.id === second.id);
    expect(message.message?.conversation).toBe("two");
    expect(sim.inbox(id).map((m) => m.encType)).toEqual(["pkmsg", "msg"]);
    expect(reply?.key.id).toBeTruthy();
  });

  it("skip Signal in plaintext mode and still reach the client", async () => {
    const { id, client } = await linkedAccount();
    const sent = sim.sendText(id, "5511987654321", "cheap load", { plaintext: true });
    const { message } = await client.waitForMessage((u) => u.message.key.id === sent.id);
    expect(message.message?.conversation).toBe("cheap load");
    expect(sim.inbox(id)[0]?.encType).toBe("plaintext");
  });

  it("wait while the device is offline and are delivered at its next login", async () => {
    const { id, client } = await linkedAccount();
    await client.end();
    await expect.poll(() => sim.getAccount(id).online).toBe(false);
    const a = sim.sendText(id, "33612345678", "while you were away");
    const b = sim.sendText(id, "33612345678", "and another one");
    expect(sim.inbox(id).map((m) => m.status)).toEqual(["queued", "queued"]);
    const back = track(await reconnect(sim, client));
    const got = await Promise.all([a, b].map((m) => back.waitForMessage((u) => u.message.key.id === m.id)));
    expect(got.map((u) => u.message.message?.conversation)).toEqual(["while you were away", "and another one"]);
    expect(got.map((u) => u.type)).toEqual(["append", "append"]);
    await expect.poll(() => sim.inbox(id).map((m) => m.status)).toEqual(["delivered", "delivered"]);
  });
});

describe("messages from the account", () => {
  it("are decrypted by the contact, acked, delivered, then read on command", async () => {
    const { id, client } = await linkedAccount();
    const sent = await client.sock.sendMessage("14155550123@s.whatsapp.net", { text: "hello contact" });
    const messageId = sent!.key.id!;
    await client.waitForStatus(messageId, Status.DELIVERY_ACK);
    expect(client.statuses.get(messageId)).toBe(Status.DELIVERY_ACK);
    expect(sim.received(id)).toEqual([
      expect.objectContaining({ id: messageId, to: "14155550123", text: "hello contact", status: "delivered" }),
    ]);
    expect(sim.sendReceipts(id, "read")).toBe(1);
    await client.waitForStatus(messageId, Status.READ);
    expect(sim.received(id)[0]?.status).toBe("read");
    expect(sim.sendReceipts(id, "read")).toBe(0);
  });

  it("get their read receipts at the next login when the account was offline", async () => {
    const { id, client } = await linkedAccount();
    const sent = await client.sock.sendMessage("14155550124@s.whatsapp.net", { text: "read me later" });
    await client.waitForStatus(sent!.key.id!, Status.DELIVERY_ACK);
    await client.end();
    await expect.poll(() => sim.getAccount(id).online).toBe(false);
    expect(sim.sendReceipts(id, "read", [sent!.key.id!])).toBe(1);
    const back = track(await reconnect(sim, client));
    await back.waitForStatus(sent!.key.id!, Status.READ);
  });

  it("logging out from the client unlinks the device", async () => {
    const { id, client } = await linkedAccount();
    await client.sock.logout();
    expect(await client.waitForClose()).toBe(DisconnectReason.loggedOut);
    await expect.poll(() => sim.getAccount(id).linked).toBe(false);
  });
});
