import { DisconnectReason } from "@whiskeysockets/baileys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DISCONNECT_FAULTS, type DisconnectFault } from "./faults";
import type { Simulator } from "./simulator";
import { connectClient, createTrustedSimulator, linkByQr, type LinkOptions, type SimClient } from "./testing";

let sim: Simulator;
const clients: SimClient[] = [];
const track = (c: SimClient): SimClient => (clients.push(c), c);
// Short keep-alive so the silence fault (ignored pings) ends in ~7 s instead of ~30 s.
const fast: LinkOptions = { socket: { keepAliveIntervalMs: 1_000 } };

beforeAll(async () => {
  sim = await createTrustedSimulator();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await sim.close();
});

const linked = async (): Promise<{ id: string; client: SimClient }> => {
  const { id } = sim.createAccount();
  return { id, client: track(await linkByQr(sim, id, fast)) };
};

describe.concurrent("each disconnect fault yields exactly its DisconnectReason code", () => {
  const table = Object.entries(DISCONNECT_FAULTS) as Array<[DisconnectFault, number]>;
  it.for(table)("%s → %i", async ([fault, code], { expect }) => {
    const { id, client } = await linked();
    expect(sim.disconnect(id, fault)).toBe(code);
    expect(await client.waitForClose(20_000)).toBe(code);
    await expect.poll(() => sim.getAccount(id).online).toBe(false);
  });

  it("after logged-out the stored credentials are refused with 401", async ({ expect }) => {
    const { id, client } = await linked();
    sim.disconnect(id, "logged-out");
    await client.waitForClose();
    const again = track(connectClient({ url: sim.url, auth: client.auth }));
    expect(await again.waitForClose()).toBe(DisconnectReason.loggedOut);
  });

  it("after restart-required the client logs in again with the same credentials", async ({ expect }) => {
    const { id, client } = await linked();
    sim.disconnect(id, "restart-required");
    await client.waitForClose();
    const again = track(connectClient({ url: sim.url, auth: client.auth }));
    await again.waitForOpen();
  });

  it("refuses logins with the given code, then lets the device in again", async ({ expect }) => {
    const { id, client } = await linked();
    await client.end();
    sim.refuseLogins(id, 403, 1);
    const refused = track(connectClient({ url: sim.url, auth: client.auth }));
    expect(await refused.waitForClose()).toBe(DisconnectReason.forbidden);
    const admitted = track(connectClient({ url: sim.url, auth: client.auth }));
    await admitted.waitForOpen();
  });

  it("refuses logins until lifted", async ({ expect }) => {
    const { id, client } = await linked();
    await client.end();
    sim.refuseLogins(id, 503);
    for (let i = 0; i < 2; i++) {
      const refused = track(connectClient({ url: sim.url, auth: client.auth }));
      expect(await refused.waitForClose()).toBe(DisconnectReason.unavailableService);
    }
    sim.refuseLogins(id, null);
    await track(connectClient({ url: sim.url, auth: client.auth })).waitForOpen();
  });

  it("delays every frame by the configured latency", async ({ expect }) => {
    const { id, client } = await linked();
    sim.setLatency(400, id);
    const started = Date.now();
    const sent = sim.sendText(id, "61412345678", "slow network");
    await client.waitForMessage((u) => u.message.key.id === sent.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    sim.setLatency(null, id);
  });

  it("disconnecting an account that is not online is refused", ({ expect }) => {
    const { id } = sim.createAccount();
    expect(() => sim.disconnect(id, "drop")).toThrow(expect.objectContaining({ code: "account_offline" }));
  });
});

describe("handshake faults", () => {
  it("an unanswered ClientHello makes the client give up with 408 after connectTimeoutMs", async () => {
    sim.stallHandshakes(1);
    const client = track(connectClient({ url: sim.url, socket: { connectTimeoutMs: 1_000 } }));
    expect(await client.waitForClose()).toBe(DisconnectReason.timedOut);
    expect(client.qrs).toHaveLength(0);
    // Only one handshake was stalled: the next client gets its QR.
    await track(connectClient({ url: sim.url })).waitForQr();
  });
});
