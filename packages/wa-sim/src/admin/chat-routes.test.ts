import { downloadMediaMessage } from "@whiskeysockets/baileys";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorMediaCaPem } from "../media/certificates";
import type { Simulator } from "../simulator";
import { createTrustedSimulator, linkByQr, testMediaTrust, type SimClient } from "../testing";

let sim: Simulator;
let client: SimClient;
let account: string;

beforeAll(async () => {
  sim = await createTrustedSimulator();
  account = sim.createAccount().id;
  client = await linkByQr(sim, account);
});
afterAll(async () => {
  await client?.end().catch(() => undefined);
  await sim.close();
});

const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
  const res = await fetch(`${sim.adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
};

describe("admin API for messages beyond text", () => {
  it("serves the media CA and host", async () => {
    const { json } = await call("GET", "/media-ca");
    expect(json).toEqual({ pem: simulatorMediaCaPem(), origin: sim.mediaOrigin });
    expect(json.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it("a contact sends a voice note with given bytes; the app downloads the same bytes", async () => {
    const bytes = randomBytes(4096);
    const sent = await call("POST", `/accounts/${account}/contacts/4915123400030/messages/audio`, {
      bytesBase64: bytes.toString("base64"),
      ptt: true,
      seconds: 5,
      pushName: "Greta",
    });
    expect(sent.status).toBe(202);
    expect(sent.json).toMatchObject({ kind: "audio", from: "4915123400030" });
    const { message } = await client.waitForMessage((u) => u.message.key.id === sent.json.id);
    expect(message.message?.audioMessage).toMatchObject({ ptt: true, seconds: 5 });
    const back = await downloadMediaMessage(message, "buffer", testMediaTrust().downloadOptions);
    expect(Buffer.from(back).equals(bytes)).toBe(true);
  });

  it("a contact sends a location, a generated image as a reply, and reacts", async () => {
    const base = `/accounts/${account}/contacts/4915123400031/messages`;
    const loc = await call("POST", `${base}/location`, { latitude: 1.5, longitude: 2.5, name: "Here" });
    const gotLoc = await client.waitForMessage((u) => u.message.key.id === loc.json.id);
    expect(gotLoc.message.message?.locationMessage?.name).toBe("Here");
    const image = await call("POST", `${base}/image`, {
      generatedBytes: 10_000,
      caption: "this",
      replyTo: loc.json.id,
    });
    const gotImage = await client.waitForMessage((u) => u.message.key.id === image.json.id);
    expect(gotImage.message.message?.imageMessage?.contextInfo?.stanzaId).toBe(loc.json.id);
    expect(Number(gotImage.message.message?.imageMessage?.fileLength)).toBe(10_000);
    const reaction = await call("POST", `${base}/reaction`, { targetId: loc.json.id, emoji: "📍" });
    expect(reaction.status).toBe(202);
    await client.waitForMessage((u) => u.message.key.id === reaction.json.id);
  });

  it("reads back verified media and chat states the app sent", async () => {
    const bytes = randomBytes(3333);
    const jid = "4915123400032@s.whatsapp.net";
    const sent = await client.sock.sendMessage(jid, {
      document: bytes,
      fileName: "x.bin",
      mimetype: "application/zip",
    });
    await client.sock.sendPresenceUpdate("composing", jid);
    await expect.poll(async () => (await call("GET", `/accounts/${account}/activity`)).json.chatstates.length).toBe(1);
    const received = (await call("GET", `/accounts/${account}/received`)).json.messages;
    expect(received.find((m: any) => m.id === sent!.key.id).decoded).toMatchObject({
      kind: "document",
      media: { verified: true, fileName: "x.bin", mimetype: "application/zip" },
    });
    const media = await call("GET", `/accounts/${account}/received/${sent!.key.id}/media`);
    expect(media.json).toMatchObject({ mimetype: "application/zip", size: 3333 });
    expect(Buffer.from(media.json.base64, "base64").equals(bytes)).toBe(true);
  });

  it("a contact types and goes offline (204); bad input gets 4xx with a code", async () => {
    const base = `/accounts/${account}/contacts/4915123400033`;
    const seen: string[] = [];
    client.sock.ev.on("presence.update", (p) => {
      for (const presence of Object.values(p.presences)) seen.push(presence.lastKnownPresence);
    });
    expect((await call("POST", `${base}/chatstate`, { state: "recording" })).status).toBe(204);
    expect((await call("POST", `${base}/presence`, { type: "unavailable" })).status).toBe(204);
    await expect.poll(() => seen).toEqual(["recording", "unavailable"]);

    expect((await call("POST", `${base}/chatstate`, { state: "dancing" })).status).toBe(400);
    expect((await call("POST", `${base}/messages/hologram`, {})).json.error.code).toBe("not_found");
    const bad = await call("POST", `${base}/messages/location`, { latitude: 123, longitude: 0 });
    expect(bad.json.error).toMatchObject({ code: "invalid_body", details: [{ path: "latitude" }] });
    const missing = await call("POST", `${base}/messages/reaction`, { targetId: "NOPE000", emoji: "x" });
    expect(missing).toMatchObject({ status: 404, json: { error: { code: "message_not_found" } } });
    expect((await call("GET", `/accounts/${account}/received/NOPE000/media`)).status).toBe(404);
  });
});
