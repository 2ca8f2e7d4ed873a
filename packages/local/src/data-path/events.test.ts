import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "@wharf/aws";
import { verifySignature } from "@wharf/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../runtime";
import {
  apiOf,
  clients,
  event,
  inbound,
  newSession,
  newTenant,
  ownSession,
  realtimeClient,
  sendEvent,
  sleep,
  startReceiver,
  startTestRuntime,
  waitFor,
  type Tenant,
} from "./test-kit";

/** The events consumer on the real local stack: Events.fifo → poller → handler → DynamoDB, WS, webhooks. */
describe("events consumer (Events.fifo on fauxqs, DynamoDB Local, WS gateway)", () => {
  let rt: LocalRuntime;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const { doc } = clients();
  beforeAll(async () => {
    rt = await startTestRuntime();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await rt?.stop();
    await receiver?.stop();
  });

  async function setup(): Promise<{ t: Tenant; sessionId: string; epoch: number; secret: string }> {
    const t = await newTenant(rt);
    const sessionId = await newSession(rt, t);
    const { epoch } = await ownSession(rt, doc, t, sessionId);
    const hook = await apiOf(rt).call("POST", "/v1/webhooks", {
      key: t.key,
      json: { url: receiver.url, events: ["message.received", "session.status", "message.status"] },
    });
    expect(hook.status).toBe(201);
    return { t, sessionId, epoch, secret: hook.body.secret };
  }

  it("a contact's message is stored, listed first in its chat with one unread, framed and webhooked (signed)", async () => {
    const { t, sessionId, epoch, secret } = await setup();
    const client = await realtimeClient(rt, t);
    const e = inbound({ tenantId: t.id, sessionId, epoch }, "hello there");
    await sendEvent(rt, e);

    const page = await waitFor("message stored", async () => {
      const r = await apiOf(rt).call("GET", `/v1/sessions/${sessionId}/chats/4915100000001/messages`, { key: t.key });
      return r.body.data.length > 0 ? r.body : null;
    });
    expect(page.data[0]).toMatchObject({
      direction: "in",
      text: "hello there",
      status: "received",
      chatJid: "4915100000001@s.whatsapp.net",
      pushName: "Ann",
    });
    const chats = await apiOf(rt).call("GET", `/v1/sessions/${sessionId}/chats`, { key: t.key });
    expect(chats.body.data).toEqual([
      expect.objectContaining({
        jid: "4915100000001@s.whatsapp.net",
        unreadCount: 1,
        lastMessageText: "hello there",
        name: "Ann",
      }),
    ]);

    const frame = await waitFor("frame", async () => client.frames.find((f) => f.type === "message:new"));
    expect(frame).toMatchObject({
      id: e.id,
      tenantId: t.id,
      sessionId,
      data: { id: page.data[0].id, text: "hello there" },
    });
    const hook = await waitFor("webhook", async () =>
      receiver.received.find((r) => r.headers["wharf-event-id"] === e.id),
    );
    expect(JSON.parse(hook.body)).toMatchObject({
      id: e.id,
      type: "message.received",
      tenantId: t.id,
      sessionId,
      data: { text: "hello there" },
    });
    expect(verifySignature({ secret, body: hook.body, header: hook.headers["wharf-signature"] as string })).toBe(true);
    expect(
      verifySignature({ secret: "whsec_wrong", body: hook.body, header: hook.headers["wharf-signature"] as string }),
    ).toBe(false);
    client.close();
  });

  it("a redelivered event changes nothing: one message, one unread, one frame, one webhook", async () => {
    const { t, sessionId, epoch } = await setup();
    const client = await realtimeClient(rt, t);
    const e = inbound({ tenantId: t.id, sessionId, epoch }, "only once", "4915100000002");
    // different deduplication ids, so SQS really hands the same event over twice
    await sendEvent(rt, e, `${e.id}-a`);
    await sendEvent(rt, e, `${e.id}-b`);
    // and the same WhatsApp message again under a new event id (a re-sent copy)
    await sendEvent(rt, { ...e, id: inbound({ tenantId: t.id, sessionId, epoch }, "x").id });
    const marker = inbound({ tenantId: t.id, sessionId, epoch }, "marker", "4915100000003");
    await sendEvent(rt, marker);
    await waitFor("marker applied", async () => client.frames.some((f) => f.id === marker.id));
    await sleep(300);

    const msgs = await apiOf(rt).call("GET", `/v1/sessions/${sessionId}/chats/4915100000002@s.whatsapp.net/messages`, {
      key: t.key,
    });
    expect(msgs.body.data.map((m: { text: string }) => m.text)).toEqual(["only once"]);
    const chats = await apiOf(rt).call("GET", `/v1/sessions/${sessionId}/chats`, { key: t.key });
    expect(chats.body.data.find((c: { jid: string }) => c.jid === "4915100000002@s.whatsapp.net").unreadCount).toBe(1);
    expect(client.frames.filter((f) => f.type === "message:new" && f.data.text === "only once")).toHaveLength(1);
    await waitFor("webhook", async () => receiver.received.some((r) => r.headers["wharf-event-id"] === marker.id));
    expect(receiver.received.filter((r) => r.headers["wharf-event-id"] === e.id)).toHaveLength(1);
    client.close();
  });

  it("ignores session status from a stale lease epoch", async () => {
    const { t, sessionId, epoch } = await setup();
    const client = await realtimeClient(rt, t);
    const meta = { tenantId: t.id, sessionId };
    await sendEvent(rt, event("session.status", { ...meta, epoch }, { status: "open", phone: "4915199999999" }));
    await sendEvent(
      rt,
      event("session.status", { ...meta, epoch: epoch - 1 }, { status: "disconnected", phone: "4915111111111" }),
    );
    await sendEvent(
      rt,
      event(
        "session.qr",
        { ...meta, epoch: epoch - 1 },
        { qr: "2@stale", expiresAt: new Date(Date.now() + 60_000).toISOString() },
      ),
    );
    const marker = inbound({ ...meta, epoch }, "after the stale ones");
    await sendEvent(rt, marker);
    await waitFor("marker applied", async () => client.frames.some((f) => f.id === marker.id));

    const s = await apiOf(rt).call("GET", `/v1/sessions/${sessionId}`, { key: t.key });
    expect(s.body).toMatchObject({ status: "open", phone: "4915199999999" });
    const statuses = client.frames.filter((f) => f.type === "connection:status").map((f) => f.data.status);
    expect(statuses).toEqual(["open"]);
    expect(client.frames.some((f) => f.type === "connection:qr")).toBe(false);
    client.close();
  });

  it("keeps the QR on the session for GET /qr and clears it once the session opens", async () => {
    const t = await newTenant(rt);
    const sessionId = await newSession(rt, t);
    const { epoch } = await ownSession(rt, doc, t, sessionId, "qr");
    const meta = { tenantId: t.id, sessionId, epoch };
    await sendEvent(
      rt,
      event("session.qr", meta, { qr: "2@abc,def,ghi", expiresAt: new Date(Date.now() + 60_000).toISOString() }),
    );
    const qr = await waitFor("qr", async () => {
      const r = await apiOf(rt).call("GET", `/v1/sessions/${sessionId}/qr`, { key: t.key });
      return r.body.qr ? r : null;
    });
    expect(qr.body).toMatchObject({
      qr: "2@abc,def,ghi",
      pairingCode: null,
      dataUrl: expect.stringMatching(/^data:image\/png;base64,/),
    });
    await sendEvent(rt, event("session.status", meta, { status: "open", phone: "4915122222222" }));
    // the status is written before the link item is cleared: wait for the thing asserted
    const linkItem = async () =>
      (
        await doc.send(
          new GetCommand({ TableName: rt.tableName, Key: { pk: keys.sessionPk(t.id, sessionId), sk: "LINK" } }),
        )
      ).Item;
    await waitFor("link cleared", async () => (await linkItem()) === undefined);
    expect((await apiOf(rt).call("GET", `/v1/sessions/${sessionId}`, { key: t.key })).body.status).toBe("open");
    expect(await linkItem()).toBeUndefined();
  });

  it("moves an API send through sent → delivered → read, ignoring late statuses, with frames and webhooks", async () => {
    const { t, sessionId, epoch } = await setup();
    const client = await realtimeClient(rt, t);
    const sent = await apiOf(rt).call("POST", `/v1/sessions/${sessionId}/messages`, {
      key: t.key,
      json: { type: "text", to: "+49 151 0000 0009", text: "hi" },
    });
    expect(sent.status).toBe(202);
    const id = sent.body.id as string;
    const meta = { tenantId: t.id, sessionId, epoch };
    for (const status of ["sent", "delivered", "read", "delivered"] as const) {
      await sendEvent(rt, event("message.status", meta, { messageId: id as never, waMessageId: "3EB0X", status }));
    }
    // the status is stored before its frame goes out, and the late "delivered" comes after:
    // a marker behind all four in the session's FIFO group proves every one was handled
    const marker = inbound(meta, "marker");
    await sendEvent(rt, marker);
    await waitFor("marker applied", async () => client.frames.some((f) => f.id === marker.id));
    const m = await apiOf(rt).call("GET", `/v1/sessions/${sessionId}/messages/${id}`, { key: t.key });
    expect(m.body).toMatchObject({
      id,
      status: "read",
      direction: "out",
      chatJid: "4915100000009@s.whatsapp.net",
      waMessageId: "3EB0X",
    });
    expect(client.frames.filter((f) => f.type === "message:status").map((f) => f.data.status)).toEqual([
      "sent",
      "delivered",
      "read",
    ]);
    await waitFor(
      "three status webhooks",
      async () => receiver.received.filter((r) => JSON.parse(r.body).data?.messageId === id).length === 3,
    );
    client.close();
  });
  it("records status changes with their disconnect reason and failed sends in the tenant's event log", async () => {
    const { t, sessionId, epoch } = await setup();
    const meta = { tenantId: t.id, sessionId, epoch };
    const sent = await apiOf(rt).call("POST", `/v1/sessions/${sessionId}/messages`, {
      key: t.key,
      json: { type: "text", to: "4915100000007", text: "hi" },
    });
    const disconnect = {
      code: 440,
      reason: "connection_replaced",
      message: "another client took over",
      at: new Date().toISOString(),
    };
    const down = event("session.status", meta, { status: "disconnected", disconnect });
    await sendEvent(rt, down);
    const failed = event("message.status", meta, {
      messageId: sent.body.id,
      waMessageId: null,
      status: "failed",
      failure: { code: "session_not_open", message: "the session is not connected" },
    });
    await sendEvent(rt, failed);
    const log = await waitFor("two entries", async () => {
      const r = await apiOf(rt).call("GET", `/v1/events?sessionId=${sessionId}`, { key: t.key });
      return r.body.data.length >= 2 ? r.body.data : null;
    });
    expect(log.map((e: { id: string; type: string }) => [e.id, e.type])).toEqual([
      [failed.id, "message.failed"],
      [down.id, "session.status"],
    ]);
    expect(log[1].data).toEqual({ status: "disconnected", lastDisconnect: disconnect });
    expect(log[0].data).toMatchObject({ messageId: sent.body.id, code: "session_not_open" });
  });
});
