import { DisconnectReason } from "@whiskeysockets/baileys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "./simulator";
import {
  connectClient,
  createTrustedSimulator,
  linkByPairingCode,
  linkByQr,
  reconnect,
  type SimClient,
} from "./testing";

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

describe("linking", () => {
  it("links by QR: the phone scans, the client restarts with 515 and logs in to open", async () => {
    const account = sim.createAccount({ name: "QR account" });
    const first = track(connectClient({ url: sim.url }));
    const qr = await first.waitForQr();
    expect(qr).toMatch(/^https:\/\/wa\.me\/settings\/linked_devices#/);
    await sim.scanQr(account.id, qr);
    expect(await first.waitForClose()).toBe(DisconnectReason.restartRequired);

    const client = track(connectClient({ url: sim.url, auth: first.auth }));
    await client.waitForOpen();
    expect(client.auth.creds.me?.id).toBe(`${account.phone}:1@s.whatsapp.net`);
    expect(client.auth.creds.me?.lid).toBe(`${account.lid}:1@lid`);
    expect(sim.getAccount(account.id)).toMatchObject({ linked: true, online: true, keyIndex: 1 });
    // A fresh device uploads its one-time prekeys on first login (rc14: 812).
    await expect.poll(() => sim.getAccount(account.id).uploadedPreKeys).toBeGreaterThan(0);
  });

  it("links by pairing code: the phone enters the code the client shows", async () => {
    const account = sim.createAccount();
    const client = track(await linkByPairingCode(sim, account.id, account.phone));
    expect(client.auth.creds.me?.id).toBe(`${account.phone}:1@s.whatsapp.net`);
    expect(client.auth.creds.registered).toBe(true);
    expect(sim.getAccount(account.id).linked).toBe(true);
  });

  it("rejects a wrong pairing code and leaves the account unlinked", async () => {
    const account = sim.createAccount();
    const client = track(connectClient({ url: sim.url }));
    await client.waitForQr();
    const code = await client.sock.requestPairingCode(account.phone);
    const wrong = code.startsWith("A") ? `B${code.slice(1)}` : `A${code.slice(1)}`;
    await expect(sim.enterPairingCode(account.id, wrong)).rejects.toMatchObject({ code: "pairing_code_mismatch" });
    expect(sim.getAccount(account.id).linked).toBe(false);
  });

  it("reconnects with stored credentials without showing a QR", async () => {
    const account = sim.createAccount();
    const linked = await linkByQr(sim, account.id);
    await linked.end();
    await expect.poll(() => sim.getAccount(account.id).online).toBe(false);
    const again = track(await reconnect(sim, linked));
    expect(again.qrs).toHaveLength(0);
    expect(sim.getAccount(account.id).online).toBe(true);
  });

  it("refuses a device it does not know with 401", async () => {
    const account = sim.createAccount();
    const linked = await linkByQr(sim, account.id);
    await linked.end();
    sim.unlink(account.id);
    const stranger = track(connectClient({ url: sim.url, auth: linked.auth }));
    expect(await stranger.waitForClose()).toBe(DisconnectReason.loggedOut);
    expect(stranger.qrs).toHaveLength(0);
  });

  it("a second login with the same device replaces the first (440)", async () => {
    const account = sim.createAccount();
    const first = track(await linkByQr(sim, account.id));
    const second = track(await reconnect(sim, first));
    expect(await first.waitForClose()).toBe(DisconnectReason.connectionReplaced);
    expect(second.isOpen).toBe(true);
  });

  it("rejects QRs nobody shows and QRs whose keys were tampered with", async () => {
    const account = sim.createAccount();
    await expect(sim.scanQr(account.id, "not a qr")).rejects.toMatchObject({ code: "qr_invalid" });
    const client = track(connectClient({ url: sim.url }));
    const qr = await client.waitForQr();
    const [prefix, body] = qr.split("#") as [string, string];
    const parts = body.split(",");
    await expect(sim.scanQr(account.id, `${prefix}#unknown-ref,${parts.slice(1).join(",")}`)).rejects.toMatchObject({
      code: "qr_unknown_ref",
    });
    const otherKey = Buffer.alloc(32, 7).toString("base64");
    await expect(
      sim.scanQr(account.id, `${prefix}#${parts[0]},${otherKey},${parts.slice(2).join(",")}`),
    ).rejects.toMatchObject({
      code: "qr_mismatch",
    });
    await expect(sim.scanQr("999999999", qr)).rejects.toMatchObject({ code: "account_not_found" });
  });
});
