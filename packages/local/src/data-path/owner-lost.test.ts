import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../runtime";
import {
  apiOf,
  newSession,
  newTenant,
  realtimeClient,
  startReceiver,
  startTestRuntime,
  waitFor,
  type Tenant,
} from "./test-kit";

/** short leases so "lease TTL + one reconciler tick" is seconds (the janitor ticks every TTL / 3) */
const LEASE_TTL_MS = 4_000;
const TICK_MS = Math.max(1_000, Math.floor(LEASE_TTL_MS / 3));

/**
 * Status is the truth (DESIGN §4): the only worker of an open session dies (SIGKILL, no
 * drain), and nobody has room to take the session over. It must not stay "open": the
 * reconciler shows it reconnecting / owner_lost through the API, a realtime frame and the
 * session.status webhook, and a worker that comes along later takes it back to open.
 */
describe("a session whose only worker dies", () => {
  let rt: LocalRuntime;
  let t: Tenant;
  let sessionId: string;
  const api = () => apiOf(rt);
  const get = async (path: string) => (await api().call("GET", path, { key: t.key })).body;
  const post = (path: string, json: unknown) => api().call("POST", path, { key: t.key, json });

  beforeAll(async () => {
    // the runtime would replace the dead worker within a second; this test plays "no worker comes back"
    const never = { baseMs: 3_600_000, capMs: 3_600_000, stableMs: 3_600_000 };
    rt = await startTestRuntime({ sim: true, workers: 1, leaseTtlMs: LEASE_TTL_MS, workerRestartBackoff: never });
    t = await newTenant(rt, "owner-lost");
    sessionId = await newSession(rt, t);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  }, 60_000);

  it("shows reconnecting / owner_lost within lease TTL + one tick, then opens again on a new worker", async () => {
    const phone = (await get("/v1/demo")).phones[0].id;
    expect((await post(`/v1/sessions/${sessionId}/connect`, { method: "qr" })).status).toBe(202);
    const qr = await waitFor("a QR", async () => (await get(`/v1/sessions/${sessionId}/qr`))?.qr as string, 60_000);
    expect((await post(`/v1/demo/phones/${phone}/scan`, { qr })).status).toBe(200);
    await waitFor("open", async () => (await get(`/v1/sessions/${sessionId}`)).status === "open", 60_000);

    const receiver = await startReceiver();
    const hook = await post("/v1/webhooks", { url: receiver.url, events: ["session.status"], sessionIds: [sessionId] });
    expect(hook.status).toBe(201);
    const socket = await realtimeClient(rt, t);
    try {
      const owner = rt.workers[0]!;
      const killedAt = Date.now();
      process.kill(owner.pid, "SIGKILL");

      const lost = await waitFor(
        "reconnecting / owner_lost",
        async () => {
          const s = await get(`/v1/sessions/${sessionId}`);
          return s.status === "reconnecting" && s.lastDisconnect?.reason === "owner_lost" ? s : null;
        },
        30_000,
      );
      const shownAfterMs = Date.now() - killedAt;
      expect(lost.lastDisconnect).toMatchObject({ code: null, reason: "owner_lost" });
      expect(lost.lastDisconnect.message).toMatch(/no fleet worker holds this session/i);
      // the lease runs out at most LEASE_TTL_MS after the kill, the next tick marks it; the
      // rest is polling slack on a shared machine
      expect(shownAfterMs).toBeLessThan(LEASE_TTL_MS + TICK_MS + 3_000);

      const frame = await waitFor(
        "connection:status frame",
        async () =>
          socket.frames.find(
            (f) =>
              f.type === "connection:status" &&
              f.sessionId === sessionId &&
              f.data.status === "reconnecting" &&
              f.data.lastDisconnect?.reason === "owner_lost",
          ),
        15_000,
      );
      expect(frame.data.lastDisconnect.message).toBe(lost.lastDisconnect.message);
      const delivery = await waitFor(
        "session.status webhook",
        async () =>
          receiver.received.find((r) => {
            const b = JSON.parse(r.body);
            return b.type === "session.status" && b.data.status === "reconnecting";
          }),
        30_000,
      );
      expect(JSON.parse(delivery.body)).toMatchObject({
        type: "session.status",
        tenantId: t.id,
        sessionId,
        data: { status: "reconnecting", lastDisconnect: { reason: "owner_lost" } },
      });
      // still no worker: the status stays the truth and is reported once, not every tick
      await waitFor("two more janitor ticks", async () => Date.now() - killedAt > shownAfterMs + 2 * TICK_MS, 30_000);
      expect((await get(`/v1/sessions/${sessionId}`)).status).toBe("reconnecting");
      const lostFrames = socket.frames.filter(
        (f) =>
          f.type === "connection:status" && f.sessionId === sessionId && f.data.lastDisconnect?.reason === "owner_lost",
      );
      expect(lostFrames).toHaveLength(1);

      // a worker with room comes along: it claims at a new epoch and opens the session again
      const next = await rt.addWorker();
      const reopened = await waitFor(
        "open again",
        async () => {
          const s = await get(`/v1/sessions/${sessionId}`);
          return s.status === "open" ? s : null;
        },
        60_000,
      );
      expect(reopened.owner).toBe(next.workerId);
      await waitFor(
        "open frame",
        async () =>
          socket.frames.find(
            (f) => f.type === "connection:status" && f.sessionId === sessionId && f.data.status === "open",
          ),
        15_000,
      );
    } finally {
      socket.close();
      await receiver.stop();
    }
  }, 180_000);
});
