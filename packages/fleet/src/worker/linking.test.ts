import { getItem, keys } from "@wharf/aws";
import { useTestStack } from "@wharf/aws/testing";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetHarness } from "../testing/harness";
import { linkSessionByPairingCode, linkSessionByQr } from "../testing/linking";

const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  await h.startWorker();
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe("linking through the fleet", () => {
  it("links by QR from a connect placement and reports status open with the phone", async () => {
    const account = sim.createAccount();
    const s = await h.createSession();
    await h.place(s, { method: "qr" });

    const qr = await h.events.waitFor(s.sessionId, "session.qr");
    expect(new Date(qr.data.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(qr.epoch).toBeGreaterThan(0);
    await sim.scanQr(account.id, qr.data.qr);
    const open = await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "open");
    expect(open.data.phone).toBe(account.phone);
    // the simulator sends no push name (WhatsApp sends it by app-state sync, which it does not model)
    expect(open.data.accountName).toBeNull();
    expect(h.events.statuses(s.sessionId)).toEqual(expect.arrayContaining(["qr", "reconnecting", "open"]));

    const stored = await h.sessions.get(s.tenantId, s.sessionId);
    expect(stored).toMatchObject({
      status: "open",
      phone: account.phone,
      accountName: null,
      desiredState: "connected",
    });
    expect(stored?.health.lastConnectedAt).not.toBeNull();
    const creds = await getItem(h.ctx, { pk: keys.sessionPk(s.tenantId, s.sessionId), sk: "AUTH#CREDS" });
    expect(creds?.kid).toBe(h.keyring.currentId);
    expect(JSON.stringify(creds)).not.toContain(account.phone);
  });

  it("links by pairing code when the connect command asks for one", async () => {
    const account = sim.createAccount();
    const s = await h.createSession();
    await h.place(s, { method: "pairing_code", phone: account.phone });
    const code = await h.events.waitFor(s.sessionId, "session.pairing_code");
    expect(code.data.code).toMatch(/^[0-9A-Z]{8}$/);
    const open = await linkSessionByPairingCode(h, sim, s, account.id);
    expect(open.data.phone).toBe(account.phone);
    expect(h.events.statuses(s.sessionId)).toContain("pairing");
    // a pairing session never shows QR codes
    expect(h.events.of(s.sessionId).some((e) => e.type === "session.qr")).toBe(false);
  });

  it("resumes on a restarted worker with the stored creds, without a new QR", async () => {
    const account = sim.createAccount();
    const s = await h.createSession();
    await h.place(s, { method: "qr" });
    const open = await linkSessionByQr(h, sim, s, account.id);
    const epochBefore = open.epoch;

    const owner = await h.ownerOf(s);
    expect(owner).toBeDefined();
    await owner!.drain();
    const mark = h.events.length;
    await h.startWorker();
    const again = await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "open", {
      after: mark,
    });
    expect(again.epoch).toBeGreaterThan(epochBefore);
    expect(
      h.events
        .of(s.sessionId)
        .slice(0)
        .filter((e) => e.type === "session.qr"),
    ).toHaveLength(1);
    expect(sim.getAccount(account.id).online).toBe(true);
  });
});
