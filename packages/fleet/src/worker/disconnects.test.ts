import { useTestStack } from "@wharf/aws/testing";
import type { DisconnectFault } from "@wharf/wa-sim";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baileysCodec } from "../session/baileys-auth";
import { DynamoAuthStateStore } from "@wharf/aws";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";

const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;

beforeAll(async () => {
  sim = await createTrustedSimulator({ closeGraceMs: 500 });
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  // a short keep-alive so the "silence" fault (ignored pings → 408) shows within seconds
  await h.startWorker({}, { keepAliveIntervalMs: 1_000 });
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

async function linked() {
  const account = sim.createAccount();
  const s = await h.createSession();
  await h.place(s, { method: "qr" });
  await linkSessionByQr(h, sim, s, account.id);
  return { account, s, mark: h.events.length };
}

async function storedCreds(s: { tenantId: string; sessionId: string }) {
  const store = new DynamoAuthStateStore({
    ctx: h.ctx,
    ...s,
    keyring: h.keyring,
    codec: baileysCodec,
    fence: () => ({ owner: "-", epoch: -1 }),
  });
  return (await store.readCreds()) as { me?: { id: string } } | null;
}

describe("disconnect reasons from the simulator follow the reconnect policy", () => {
  it.each<[DisconnectFault, number, string]>([
    ["restart-required", 515, "restart_required"],
    ["stream-end", 428, "connection_closed"],
    ["drop", 428, "connection_closed"],
    ["unavailable", 503, "unavailable"],
    ["forbidden", 403, "forbidden"],
    ["silence", 408, "timed_out"],
  ])("%s (%i) → reconnecting, then open again with the stored creds", async (fault, code, reason) => {
    const { account, s, mark } = await linked();
    expect(sim.disconnect(account.id, fault)).toBe(code);
    const lost = await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "reconnecting", {
      after: mark,
    });
    expect(lost.data.disconnect).toMatchObject({ code, reason });
    await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "open", {
      after: mark,
      timeoutMs: 30_000,
    });
    expect(
      h.events
        .of(s.sessionId)
        .slice(0)
        .filter((e) => e.type === "session.qr"),
    ).toHaveLength(1);
    const stored = await h.sessions.get(s.tenantId, s.sessionId);
    expect(stored).toMatchObject({ status: "open", lastDisconnect: { code, reason } });
    expect(stored?.health.reconnectCount).toBe(1); // this one; the 515 that completed linking does not count
  });

  it("replaced (440) → disconnected: stops, keeps the auth state, gives the lease up", async () => {
    const { account, s, mark } = await linked();
    expect(sim.disconnect(account.id, "replaced")).toBe(440);
    const e = await h.events.waitFor(s.sessionId, "session.status", (x) => x.data.status === "disconnected", {
      after: mark,
    });
    expect(e.data.disconnect).toMatchObject({ code: 440, reason: "connection_replaced" });
    await expect
      .poll(async () => (await h.sessions.get(s.tenantId, s.sessionId))?.lease.owner, { timeout: 5_000 })
      .toBeNull();
    const stored = await h.sessions.get(s.tenantId, s.sessionId);
    expect(stored).toMatchObject({ status: "disconnected", desiredState: "disconnected" });
    expect((await storedCreds(s))?.me?.id).toBeTruthy();
  });

  it("logged out (401) → logged_out: clears the auth state and stops", async () => {
    const { account, s, mark } = await linked();
    expect(sim.disconnect(account.id, "logged-out")).toBe(401);
    const e = await h.events.waitFor(s.sessionId, "session.status", (x) => x.data.status === "logged_out", {
      after: mark,
    });
    expect(e.data.disconnect).toMatchObject({ code: 401, reason: "logged_out" });
    await expect
      .poll(async () => (await h.sessions.get(s.tenantId, s.sessionId))?.lease.owner, { timeout: 5_000 })
      .toBeNull();
    expect(await storedCreds(s)).toBeNull();
    expect((await h.sessions.get(s.tenantId, s.sessionId))?.desiredState).toBe("disconnected");
  });

  it.each<[DisconnectFault, number, string]>([
    ["bad-session", 500, "bad_session"],
    ["multidevice-mismatch", 411, "multidevice_mismatch"],
  ])("%s (%i) → clears the auth state and starts a fresh QR flow", async (fault, code, reason) => {
    const { account, s, mark } = await linked();
    expect(sim.disconnect(account.id, fault)).toBe(code);
    const e = await h.events.waitFor(s.sessionId, "session.status", (x) => x.data.status === "connecting", {
      after: mark,
    });
    expect(e.data.disconnect).toMatchObject({ code, reason });
    await h.events.waitFor(s.sessionId, "session.qr", () => true, { after: mark });
    expect((await storedCreds(s))?.me).toBeUndefined();
    // the fresh QR links again
    const again = h.events.length;
    const qr = h.events
      .of(s.sessionId)
      .filter((x) => x.type === "session.qr")
      .at(-1)!;
    await sim.scanQr(account.id, (qr as { data: { qr: string } }).data.qr);
    await h.events.waitFor(s.sessionId, "session.status", (x) => x.data.status === "open", { after: again });
  });
});
