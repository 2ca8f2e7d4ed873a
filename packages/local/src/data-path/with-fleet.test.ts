import { verifySignature } from "@wharf/core";
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

const CONTACT = "4915112345678";

/**
 * The data path with nothing enqueued by hand: a real fleet worker (child process, real
 * Baileys) linked to the WhatsApp simulator produces the events; the local runtime's pollers,
 * gateway and deliverer do the rest, as on AWS.
 */
describe("data path with a fleet worker and the simulator", () => {
  let rt: LocalRuntime;
  let t: Tenant;
  let sessionId: string;
  let phone: string;
  const api = () => apiOf(rt);
  const get = async (path: string) => (await api().call("GET", path, { key: t.key })).body;
  const post = (path: string, json: unknown, headers?: Record<string, string>) =>
    api().call("POST", path, { key: t.key, json, ...(headers ? { headers } : {}) });

  beforeAll(async () => {
    rt = await startTestRuntime({ sim: true, workers: 1 });
    t = await newTenant(rt, "with-fleet");
    sessionId = await newSession(rt, t);
    phone = (await get("/v1/demo")).phones[0].id;
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  }, 60_000);

  it("links the session by QR through the placement queue and a worker", async () => {
    expect((await post(`/v1/sessions/${sessionId}/connect`, { method: "qr" })).status).toBe(202);
    const qr = await waitFor(
      "a QR from the worker",
      async () => (await get(`/v1/sessions/${sessionId}/qr`))?.qr as string | undefined,
      60_000,
    );
    expect((await post(`/v1/demo/phones/${phone}/scan`, { qr })).status).toBe(200);
    const open = await waitFor(
      "open",
      async () => {
        const s = await get(`/v1/sessions/${sessionId}`);
        return s.status === "open" ? s : null;
      },
      60_000,
    );
    expect(open).toMatchObject({ phone, desiredState: "connected" });
    expect(open.owner).toBe(rt.workers[0]!.workerId);
  }, 120_000);

  it("a contact's message is stored, framed to the tenant's WebSocket and delivered as a signed webhook", async () => {
    const receiver = await startReceiver();
    const hook = await post("/v1/webhooks", {
      url: receiver.url,
      events: ["message.received"],
      sessionIds: [sessionId],
    });
    expect(hook.status).toBe(201);
    const socket = await realtimeClient(rt, t);
    try {
      expect(
        (await post(`/v1/demo/phones/${phone}/contacts/${CONTACT}/messages`, { text: "Is the shop open today?" }))
          .status,
      ).toBe(202);

      const chat = await waitFor(
        "chat stored",
        async () => (await get(`/v1/sessions/${sessionId}/chats`)).data[0],
        30_000,
      );
      expect(chat).toMatchObject({
        jid: `${CONTACT}@s.whatsapp.net`,
        phone: CONTACT,
        unreadCount: 1,
        lastMessageText: "Is the shop open today?",
        lastMessageDirection: "in",
      });
      const thread = (await get(`/v1/sessions/${sessionId}/chats/${CONTACT}/messages`)).data;
      expect(thread).toHaveLength(1);
      expect(thread[0]).toMatchObject({
        direction: "in",
        status: "received",
        text: "Is the shop open today?",
        content: { kind: "text" },
      });

      const frame = await waitFor(
        "message:new frame",
        async () => socket.frames.find((f) => f.type === "message:new" && f.sessionId === sessionId),
        10_000,
      );
      expect(frame.data).toMatchObject({ id: thread[0].id, text: "Is the shop open today?", direction: "in" });

      const delivery = await waitFor("webhook", async () => receiver.received.find((r) => r.status === 200), 30_000);
      const body = JSON.parse(delivery.body);
      expect(body).toMatchObject({ type: "message.received", tenantId: t.id, sessionId });
      expect(
        verifySignature({
          secret: hook.body.secret,
          body: delivery.body,
          header: delivery.headers["wharf-signature"] as string,
        }),
      ).toBe(true);
    } finally {
      socket.close();
      await receiver.stop();
    }
  }, 90_000);

  it("an API send reaches the contact once, then goes delivered and read on receipts", async () => {
    const socket = await realtimeClient(rt, t);
    try {
      const json = { to: `+${CONTACT}`, type: "text", text: "Yes, until 6 pm!" };
      const first = await post(`/v1/sessions/${sessionId}/messages`, json, { "idempotency-key": "reply-1" });
      expect(first).toMatchObject({ status: 202, body: { status: "queued" } });
      const again = await post(`/v1/sessions/${sessionId}/messages`, json, { "idempotency-key": "reply-1" });
      expect(again.body).toEqual(first.body);
      const id = first.body.id as string;

      const delivered = await waitFor(
        "delivered",
        async () => {
          const m = await get(`/v1/sessions/${sessionId}/messages/${id}`);
          return m.status === "delivered" ? m : null;
        },
        30_000,
      );
      expect(delivered).toMatchObject({ direction: "out", chatJid: `${CONTACT}@s.whatsapp.net` });

      // the contact's phone decrypted it exactly once, despite the replayed request
      const received = (await fetch(`${rt.sim!.adminUrl}/accounts/${phone}/received`).then((r) => r.json())) as {
        messages: Array<{ to: string; text?: string }>;
      };
      expect(received.messages.filter((r) => r.text === "Yes, until 6 pm!")).toEqual([
        expect.objectContaining({ to: CONTACT }),
      ]);

      expect((await post(`/v1/demo/phones/${phone}/receipts`, { type: "read" })).status).toBe(200);
      await waitFor(
        "read",
        async () => (await get(`/v1/sessions/${sessionId}/messages/${id}`)).status === "read",
        30_000,
      );
      // the frame follows the stored status: the consumer stores first, then fans out
      const statuses = () =>
        socket.frames
          .filter((f) => f.type === "message:status" && f.data.messageId === id)
          .map((f) => f.data.status as string);
      await waitFor("read frame", async () => statuses().includes("read"), 10_000);
      expect(statuses()).toEqual(expect.arrayContaining(["delivered", "read"]));
    } finally {
      socket.close();
    }
  }, 90_000);
  it("a send's request id rides the command to the worker and comes back on the sent status's webhook", async () => {
    const receiver = await startReceiver();
    const hook = await post("/v1/webhooks", {
      url: receiver.url,
      events: ["message.status"],
      sessionIds: [sessionId],
    });
    expect(hook.status).toBe(201);
    try {
      const json = { to: `+${CONTACT}`, type: "text", text: "Traced reply" };
      const res = await post(`/v1/sessions/${sessionId}/messages`, json, { "x-request-id": "req-with-fleet-1" });
      expect(res.status).toBe(202);
      const sent = await waitFor(
        "the sent status's webhook",
        async () =>
          receiver.received.find((r) => {
            const body = JSON.parse(r.body);
            return body.data?.messageId === res.body.id && body.data?.status === "sent";
          }),
        30_000,
      );
      expect(sent.headers["wharf-request-id"]).toBe("req-with-fleet-1");
    } finally {
      await receiver.stop();
    }
  }, 90_000);
});
