import { FleetCommand, MAX_TEXT_LENGTH } from "@wharf/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../runtime";
import { apiOf, clients, newSession, newTenant, ownSession, startTestRuntime } from "./test-kit";

/** Sends through the real API, command routing to an inbox queue on fauxqs, state in DynamoDB Local. */
describe("messaging API on the local stack", () => {
  let rt: LocalRuntime;
  const { doc } = clients();
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(async () => {
    await rt?.stop();
  });

  async function drain(inbox: Awaited<ReturnType<typeof ownSession>>["inbox"]) {
    const got: FleetCommand[] = [];
    for (let i = 0; i < 3; i++) {
      const batch = await inbox.receive({ max: 10, waitSeconds: i === 0 ? 1 : 0 });
      for (const m of batch) {
        got.push(FleetCommand.parse(JSON.parse(m.body)));
        await inbox.delete(m.receiptHandle);
      }
    }
    return got;
  }

  it("the same Idempotency-Key twice answers the first response and sends one command", async () => {
    const t = await newTenant(rt);
    const sessionId = await newSession(rt, t);
    const { inbox } = await ownSession(rt, doc, t, sessionId);
    const body = { type: "text", to: "4915100000001", text: "exactly once" };
    const first = await apiOf(rt).call("POST", `/v1/sessions/${sessionId}/messages`, {
      key: t.key,
      json: body,
      headers: { "idempotency-key": "order-42" },
    });
    const second = await apiOf(rt).call("POST", `/v1/sessions/${sessionId}/messages`, {
      key: t.key,
      json: body,
      headers: { "idempotency-key": "order-42" },
    });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(first.body).toEqual({ id: expect.stringMatching(/^msg_/), status: "queued" });
    expect(second.headers.get("idempotent-replayed")).toBe("true");

    const commands = await drain(inbox);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({
      type: "message.send_text",
      sessionId,
      tenantId: t.id,
      data: { messageId: first.body.id, to: "4915100000001@s.whatsapp.net", text: "exactly once" },
    });

    const reused = await apiOf(rt).call("POST", `/v1/sessions/${sessionId}/messages`, {
      key: t.key,
      json: { ...body, text: "other" },
      headers: { "idempotency-key": "order-42" },
    });
    expect(reused.status).toBe(409);
    expect(reused.body.error.details[0].code).toBe("idempotency_key_reused");
    // keys are per tenant: another tenant's identical key is its own
    expect(await drain(inbox)).toHaveLength(0);
    const m = await apiOf(rt).call("GET", `/v1/sessions/${sessionId}/messages/${first.body.id}`, { key: t.key });
    expect(m.body).toMatchObject({ status: "queued", direction: "out", text: "exactly once" });
  });

  it("accepts a text of the maximum length sent with every character \\u-escaped, and hands it to the worker whole", async () => {
    const t = await newTenant(rt);
    const sessionId = await newSession(rt, t);
    const { inbox } = await ownSession(rt, doc, t, sessionId);
    const raw = `{"type":"text","to":"4915100000001","text":"${"\\u00e9".repeat(MAX_TEXT_LENGTH)}"}`;
    const res = await fetch(`${rt.url}/v1/sessions/${sessionId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
      body: raw,
    });
    expect(res.status).toBe(202);
    const commands = await drain(inbox);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({ type: "message.send_text", data: { text: "\u00e9".repeat(MAX_TEXT_LENGTH) } });
  });

  it("answers 409 session_not_open when the session is not open, and sends nothing", async () => {
    const t = await newTenant(rt);
    const sessionId = await newSession(rt, t);
    const res = await apiOf(rt).call("POST", `/v1/sessions/${sessionId}/messages`, {
      key: t.key,
      json: { type: "text", to: "4915100000001", text: "x" },
      headers: { "idempotency-key": "k1" },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "invalid_state", details: [{ code: "session_not_open" }] });
  });

  it("answers 429 with Retry-After once the session's pacing is exhausted", async () => {
    const t = await newTenant(rt);
    const sessionId = await newSession(rt, t, { burst: 2, messagesPerMinute: 1 });
    const { inbox } = await ownSession(rt, doc, t, sessionId);
    const send = () =>
      apiOf(rt).call("POST", `/v1/sessions/${sessionId}/messages`, {
        key: t.key,
        json: { type: "text", to: "4915100000001", text: "paced" },
      });
    expect((await send()).status).toBe(202);
    expect((await send()).status).toBe(202);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await drain(inbox)).toHaveLength(2);
  });

  it("answers many concurrent sends for one session with 202 or 429 (with Retry-After), never 500", async () => {
    const t = await newTenant(rt);
    const sessionId = await newSession(rt, t, { burst: 15, messagesPerMinute: 1 });
    const { inbox } = await ownSession(rt, doc, t, sessionId);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        apiOf(rt).call("POST", `/v1/sessions/${sessionId}/messages`, {
          key: t.key,
          json: { type: "text", to: "4915100000001", text: `burst ${i}` },
        }),
      ),
    );
    expect(answers.map((a) => a.status).filter((s) => s !== 202 && s !== 429)).toEqual([]);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(15);
    for (const limited of answers.filter((a) => a.status === 429)) {
      expect(limited.body.error.code).toBe("rate_limited");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    let commands = 0;
    for (let i = 0; i < 5 && commands < 15; i++) commands += (await drain(inbox)).length;
    expect(commands).toBe(15);
  });

  it("normalizes recipients and refuses bad numbers with 400 on body.to", async () => {
    const t = await newTenant(rt);
    const sessionId = await newSession(rt, t);
    await ownSession(rt, doc, t, sessionId);
    for (const to of ["123", "+0049151234567", "abc@s.whatsapp.net", "12345@broadcast"]) {
      const res = await apiOf(rt).call("POST", `/v1/sessions/${sessionId}/messages`, {
        key: t.key,
        json: { type: "text", to, text: "x" },
      });
      expect(res.status, to).toBe(400);
      expect(res.body.error.details[0].path).toBe("body.to");
    }
    const group = await apiOf(rt).call("POST", `/v1/sessions/${sessionId}/messages`, {
      key: t.key,
      json: { type: "text", to: "120363025246125888@g.us", text: "x" },
    });
    expect(group.status).toBe(202);
  });

  it("routes connect to a placement when no worker owns the session, and refuses connect while open", async () => {
    const t = await newTenant(rt);
    const sessionId = await newSession(rt, t);
    const res = await apiOf(rt).call("POST", `/v1/sessions/${sessionId}/connect`, {
      key: t.key,
      json: { method: "pairing_code", phone: "+49 151 2345 6789" },
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: sessionId, status: "connecting", desiredState: "connected" });
    const { SqsQueue } = await import("@wharf/aws");
    const placement = new SqsQueue<unknown>({ client: clients().sqs, queueUrl: rt.queues.placement });
    const [msg] = await placement.receive({ max: 10, waitSeconds: 1 });
    expect(JSON.parse(msg?.body ?? "{}")).toMatchObject({
      type: "session.place",
      sessionId,
      data: { reason: "connect", connect: { method: "pairing_code", phone: "4915123456789" } },
    });

    const owned = await newSession(rt, t);
    const { inbox } = await ownSession(rt, doc, t, owned);
    const again = await apiOf(rt).call("POST", `/v1/sessions/${owned}/connect`, { key: t.key, json: { method: "qr" } });
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].code).toBe("session_already_open");
    const off = await apiOf(rt).call("POST", `/v1/sessions/${owned}/disconnect`, { key: t.key });
    expect(off.status).toBe(202);
    expect(off.body.desiredState).toBe("disconnected");
    expect((await drain(inbox)).map((c) => c.type)).toEqual(["session.disconnect"]);
  });
});
