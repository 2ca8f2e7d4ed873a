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

const CONTACT = "4915112345670";

/**
 * An edit WhatsApp refuses, end to end: the API answers 202, the fleet worker (child process,
 * real Baileys) gets the simulator's refusal in its ack, and the user sees it in the event log,
 * as a `message:action_failed` frame and as a `message.action_failed` webhook; the stored
 * message keeps its text.
 */
describe("a refused edit through the local runtime, a worker and the simulator", () => {
  let rt: LocalRuntime;
  let t: Tenant;
  let sessionId: string;
  let phone: string;
  const api = () => apiOf(rt);
  const get = async (path: string) => (await api().call("GET", path, { key: t.key })).body;
  const post = (path: string, json: unknown) => api().call("POST", path, { key: t.key, json });

  beforeAll(async () => {
    rt = await startTestRuntime({ sim: true, workers: 1 });
    t = await newTenant(rt, "action-failures");
    sessionId = await newSession(rt, t);
    phone = (await get("/v1/demo")).phones[0].id;
    await post(`/v1/sessions/${sessionId}/connect`, { method: "qr" });
    const qr = await waitFor(
      "a QR",
      async () => (await get(`/v1/sessions/${sessionId}/qr`))?.qr as string | undefined,
      60_000,
    );
    await post(`/v1/demo/phones/${phone}/scan`, { qr });
    await waitFor("open", async () => (await get(`/v1/sessions/${sessionId}`)).status === "open", 60_000);
  }, 150_000);
  afterAll(async () => {
    await rt?.stop();
  }, 60_000);

  it("an edit after WhatsApp's 15 minutes is logged, framed and webhooked as edit_window_expired", async () => {
    const receiver = await startReceiver();
    const hook = await post("/v1/webhooks", {
      url: receiver.url,
      events: ["message.action_failed"],
      sessionIds: [sessionId],
    });
    expect(hook.status).toBe(201);
    const socket = await realtimeClient(rt, t);
    try {
      const sent = await post(`/v1/sessions/${sessionId}/messages`, {
        to: `+${CONTACT}`,
        type: "text",
        text: "see you at 5",
      });
      const id = sent.body.id as string;
      const m = await waitFor(
        "sent",
        async () => {
          const msg = await get(`/v1/sessions/${sessionId}/messages/${id}`);
          return msg.waMessageId && msg.status !== "queued" ? msg : null;
        },
        30_000,
      );
      // the phone got it 16 minutes ago, as far as the simulated server knows
      const aged = await fetch(`${rt.sim!.adminUrl}/accounts/${phone}/messages/${m.waMessageId}/age`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ seconds: 16 * 60 }),
      });
      expect(aged.status).toBe(204);

      const edit = await post(`/v1/sessions/${sessionId}/messages/${id}/edit`, { text: "see you at 6" });
      expect(edit).toMatchObject({ status: 202, body: { status: "accepted" } });

      const entry = await waitFor(
        "the event-log entry",
        async () => (await get(`/v1/events?sessionId=${sessionId}&type=message.action_failed`)).data[0],
        30_000,
      );
      expect(entry).toMatchObject({
        type: "message.action_failed",
        sessionId,
        data: { action: "edit", messageId: id, waMessageId: m.waMessageId, code: "edit_window_expired" },
      });
      expect(entry.data.reason).toMatch(/15 minutes/);
      const frame = await waitFor(
        "the frame",
        async () => socket.frames.find((f) => f.type === "message:action_failed" && f.id === entry.id),
        10_000,
      );
      expect(frame.data).toEqual(entry.data);
      const delivery = await waitFor(
        "the webhook",
        async () => receiver.received.find((r) => r.status === 200),
        30_000,
      );
      expect(JSON.parse(delivery.body)).toMatchObject({
        id: entry.id,
        type: "message.action_failed",
        data: entry.data,
      });

      const after = await get(`/v1/sessions/${sessionId}/messages/${id}`);
      expect(after).toMatchObject({ text: "see you at 5" });
      expect(after.edited ?? null).toBeFalsy();
    } finally {
      socket.close();
      await receiver.stop();
    }
  }, 90_000);
});
