import { proto, WAMessageStubType, type BaileysEventMap } from "@whiskeysockets/baileys";
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

const linkedAccount = async (): Promise<{ id: string; client: SimClient }> => {
  const account = sim.createAccount();
  const client = await linkByQr(sim, account.id);
  clients.push(client);
  return { id: account.id, client };
};

/** Resolves with the first event of `name` whose payload matches; listen before triggering it. */
function nextEvent<E extends keyof BaileysEventMap>(
  client: SimClient,
  name: E,
  match: (payload: BaileysEventMap[E]) => boolean,
  timeoutMs = 10_000,
): Promise<BaileysEventMap[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${name}`)), timeoutMs);
    const listener = (payload: BaileysEventMap[E]): void => {
      if (!match(payload)) return;
      clearTimeout(timer);
      client.sock.ev.off(name, listener);
      resolve(payload);
    };
    client.sock.ev.on(name, listener);
  });
}

const decodedOf = async (id: string, messageId: string) => {
  await expect.poll(() => sim.received(id).some((m) => m.id === messageId)).toBe(true);
  return sim.received(id).find((m) => m.id === messageId)!;
};

describe("kinds the account sends, as the contact's phone decodes them", () => {
  it("replies, reactions (added and removed), edits and revokes", async () => {
    const { id, client } = await linkedAccount();
    const pn = "4915123400010";
    const jid = `${pn}@s.whatsapp.net`;
    const inbound = sim.sendText(id, pn, "Where is my parcel?");
    const { message: question } = await client.waitForMessage((u) => u.message.key.id === inbound.id);

    const reply = await client.sock.sendMessage(jid, { text: "On its way" }, { quoted: question });
    expect((await decodedOf(id, reply!.key.id!)).decoded).toMatchObject({
      kind: "text",
      text: "On its way",
      quotedId: inbound.id,
    });

    const react = await client.sock.sendMessage(jid, { react: { text: "👍", key: question.key } });
    expect((await decodedOf(id, react!.key.id!)).decoded).toMatchObject({
      kind: "reaction",
      targetId: inbound.id,
      emoji: "👍",
    });
    expect(sim.inbox(id)[0]?.reaction).toBe("👍");
    const unreact = await client.sock.sendMessage(jid, { react: { text: "", key: question.key } });
    expect((await decodedOf(id, unreact!.key.id!)).decoded).toMatchObject({ kind: "reaction", emoji: "" });
    expect(sim.inbox(id)[0]?.reaction).toBeUndefined();

    const edit = await client.sock.sendMessage(jid, { text: "Arrives tomorrow", edit: reply!.key });
    expect((await decodedOf(id, edit!.key.id!)).decoded).toMatchObject({
      kind: "edit",
      targetId: reply!.key.id,
      editedText: "Arrives tomorrow",
    });
    expect(sim.received(id).find((m) => m.id === reply!.key.id)?.editedText).toBe("Arrives tomorrow");

    const revoke = await client.sock.sendMessage(jid, { delete: reply!.key });
    expect((await decodedOf(id, revoke!.key.id!)).decoded).toMatchObject({ kind: "revoke", targetId: reply!.key.id });
    expect(sim.received(id).find((m) => m.id === reply!.key.id)?.revoked).toBe(true);
  });

  it("locations and contact cards", async () => {
    const { id, client } = await linkedAccount();
    const jid = "4915123400011@s.whatsapp.net";
    const location = await client.sock.sendMessage(jid, {
      location: { degreesLatitude: 52.52, degreesLongitude: 13.405, name: "Shop", address: "Alexanderplatz 1" },
    });
    expect((await decodedOf(id, location!.key.id!)).decoded).toMatchObject({
      kind: "location",
      location: { latitude: 52.52, longitude: 13.405, name: "Shop", address: "Alexanderplatz 1" },
    });
    const vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Jana Support\nTEL;type=CELL;waid=4930111222:+49 30 111222\nEND:VCARD";
    const card = await client.sock.sendMessage(jid, {
      contacts: { displayName: "Jana Support", contacts: [{ displayName: "Jana Support", vcard }] },
    });
    expect((await decodedOf(id, card!.key.id!)).decoded).toMatchObject({
      kind: "contact",
      contacts: [{ displayName: "Jana Support", vcard }],
    });
  });

  it("read receipts, chat states and presence subscriptions", async () => {
    const { id, client } = await linkedAccount();
    const pn = "4915123400012";
    const jid = `${pn}@s.whatsapp.net`;
    const inbound = sim.sendText(id, pn, "hello?");
    const { message } = await client.waitForMessage((u) => u.message.key.id === inbound.id);
    await expect.poll(() => sim.inbox(id)[0]?.status).toBe("delivered");
    await client.sock.readMessages([message.key]);
    await expect.poll(() => sim.inbox(id)[0]?.status).toBe("read");

    for (const state of ["composing", "recording", "paused"] as const) await client.sock.sendPresenceUpdate(state, jid);
    await expect
      .poll(() => sim.chat.activity(id).chatstates.map((c) => [c.to, c.state]))
      .toEqual([
        [pn, "composing"],
        [pn, "recording"],
        [pn, "paused"],
      ]);

    const online = nextEvent(
      client,
      "presence.update",
      (p) => Object.values(p.presences)[0]?.lastKnownPresence === "available",
    );
    await client.sock.presenceSubscribe(jid);
    await online;
    expect(sim.chat.activity(id).subscriptions).toEqual([pn]);
  });
});

describe("kinds a contact sends, as Baileys receives them", () => {
  it("locations, contact cards and replies quoting the account's message", async () => {
    const { id, client } = await linkedAccount();
    const pn = "4915123400020";
    const mine = await client.sock.sendMessage(`${pn}@s.whatsapp.net`, { text: "Your order shipped" });
    await expect.poll(() => sim.received(id).length).toBe(1);

    const loc = sim.chat.send(id, pn, { type: "location", latitude: 48.1, longitude: 11.6, name: "Pickup point" });
    const gotLoc = await client.waitForMessage((u) => u.message.key.id === loc.id);
    expect(gotLoc.message.message?.locationMessage).toMatchObject({
      degreesLatitude: 48.1,
      degreesLongitude: 11.6,
      name: "Pickup point",
    });

    const vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Max\nEND:VCARD";
    const card = sim.chat.send(id, pn, { type: "contact", contacts: [{ displayName: "Max", vcard }] });
    const gotCard = await client.waitForMessage((u) => u.message.key.id === card.id);
    expect(gotCard.message.message?.contactMessage).toMatchObject({ displayName: "Max", vcard });

    const reply = sim.chat.send(id, pn, { type: "text", text: "Thanks!" }, { replyTo: mine!.key.id! });
    const gotReply = await client.waitForMessage((u) => u.message.key.id === reply.id);
    const ext = gotReply.message.message?.extendedTextMessage;
    expect(ext?.text).toBe("Thanks!");
    expect(ext?.contextInfo?.stanzaId).toBe(mine!.key.id);
    expect(
      ext?.contextInfo?.quotedMessage?.conversation ?? ext?.contextInfo?.quotedMessage?.extendedTextMessage?.text,
    ).toBe("Your order shipped");
  });

  it("reactions to the account's message, edits and revokes of the contact's own", async () => {
    const { id, client } = await linkedAccount();
    const pn = "4915123400021";
    const mine = await client.sock.sendMessage(`${pn}@s.whatsapp.net`, { text: "Rate us?" });
    await expect.poll(() => sim.received(id).length).toBe(1);

    const reaction = nextEvent(client, "messages.reaction", (rs) => rs.some((r) => r.key.id === mine!.key.id));
    sim.chat.send(id, pn, { type: "reaction", targetId: mine!.key.id!, emoji: "❤️" });
    const [got] = await reaction;
    expect(got?.key.fromMe).toBe(true);
    expect(got?.reaction.text).toBe("❤️");

    const original = sim.sendText(id, pn, "I ordred two");
    await client.waitForMessage((u) => u.message.key.id === original.id);
    const edited = nextEvent(client, "messages.update", (us) =>
      us.some((u) => u.key.id === original.id && !!u.update.message),
    );
    sim.chat.send(id, pn, { type: "edit", targetId: original.id, text: "I ordered two" });
    const [edit] = (await edited).filter((u) => u.key.id === original.id);
    expect(edit?.update.message?.editedMessage?.message?.conversation).toBe("I ordered two");

    const revoked = nextEvent(client, "messages.update", (us) =>
      us.some((u) => u.key.id === original.id && u.update.messageStubType === WAMessageStubType.REVOKE),
    );
    sim.chat.send(id, pn, { type: "revoke", targetId: original.id });
    const [revoke] = (await revoked).filter((u) => u.key.id === original.id);
    expect(revoke?.update.message).toBeNull();
    expect(() => sim.chat.send(id, pn, { type: "edit", targetId: mine!.key.id!, text: "not theirs" })).toThrow(
      /no message/,
    );
  });

  it("chat states (typing, recording, paused), presence, and read receipts", async () => {
    const { id, client } = await linkedAccount();
    const pn = "4915123400022";
    const seen: string[] = [];
    client.sock.ev.on("presence.update", (p) => {
      for (const presence of Object.values(p.presences)) seen.push(presence.lastKnownPresence);
    });
    sim.chat.sendChatstate(id, pn, "composing");
    sim.chat.sendChatstate(id, pn, "recording");
    sim.chat.sendChatstate(id, pn, "paused");
    sim.chat.sendPresence(id, pn, "unavailable");
    // Baileys reports "paused" as available
    await expect.poll(() => seen).toEqual(["composing", "recording", "available", "unavailable"]);

    const sent = await client.sock.sendMessage(`${pn}@s.whatsapp.net`, { text: "seen?" });
    await client.waitForStatus(sent!.key.id!, proto.WebMessageInfo.Status.DELIVERY_ACK);
    sim.sendReceipts(id, "read", [sent!.key.id!]);
    await client.waitForStatus(sent!.key.id!, proto.WebMessageInfo.Status.READ);
  });
});
