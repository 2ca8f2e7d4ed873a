import { auditRecordOf, newId, type MessageRecord } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { createLimitStore } from "../limits/limit-store";
import { countSdkCalls, useTestStack } from "../testing/index";
import { createAuditLogStore } from "./audit-log-store";
import { createMessageStore } from "./message-store";
import { acceptOutbound, createOutboundPacingLedger } from "./outbound-accept";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const store = createMessageStore(ctx);
const calls = countSdkCalls([stack.dynamo]);
const now = new Date("2030-01-01T12:00:00.000Z");

function queued(t: string, s: string, jid: string, sec: number, text: string): MessageRecord {
  const at = new Date(now.getTime() + sec * 1000).toISOString();
  return {
    id: newId("message"),
    tenantId: t,
    sessionId: s,
    chatJid: jid,
    direction: "out",
    content: { kind: "text", text },
    status: "queued",
    failure: null,
    waMessageId: null,
    from: null,
    pushName: null,
    timestamp: at,
    createdAt: at,
    updatedAt: at,
    eventId: null,
  };
}
const bump = (m: MessageRecord) => ({
  jid: m.chatJid,
  at: m.timestamp,
  text: m.content.kind === "text" ? m.content.text : null,
  direction: m.direction,
  name: null,
  phone: null,
});
const jid = (i: number) => `49151000${String(i).padStart(5, "0")}@s.whatsapp.net`;

describe("an accepted send as one transaction (pacing take + message + chat) on DynamoDB", () => {
  it("takes the token and stores the queued message with its chat in one call once the bucket is busy", async () => {
    const t = newId("tenant");
    const s = newId("session");
    const settings = { messagesPerMinute: 600, burst: 10, dailyCap: 1000 };
    const first = queued(t, s, jid(1), 0, "one");
    expect(await acceptOutbound(ctx, first, bump(first), settings, now)).toEqual({ allowed: true });
    const second = queued(t, s, jid(1), 1, "two");
    calls.reset();
    expect(await acceptOutbound(ctx, second, bump(second), settings, now)).toEqual({ allowed: true });
    expect(calls.take()).toEqual({ TransactWriteItems: 1 });
    expect(await store.get(t, s, second.id)).toMatchObject({ status: "queued", content: { text: "two" } });
    expect(await store.getChat(t, s, jid(1))).toMatchObject({ lastMessageText: "two", unreadCount: 0 });
  });

  it("a session sending slower than its refill pays one transaction per send: the instance guesses the bucket idle", async () => {
    const t = newId("tenant");
    const s = newId("session");
    const ledger = createOutboundPacingLedger(ctx);
    const settings = { messagesPerMinute: 600, burst: 10, dailyCap: 1000 };
    const counted: Array<Record<string, number>> = [];
    for (let i = 0; i < 4; i++) {
      const m = queued(t, s, jid(4), i, `slow${i}`);
      calls.reset();
      // one second apart: the 100 ms token is back long before each send
      const at = new Date(now.getTime() + i * 1000);
      expect(await ledger.takeAndRecord?.(m, bump(m), settings, at)).toEqual({ allowed: true });
      counted.push(calls.take());
    }
    // the first send of an instance guesses "busy" and retries once; then its own take tells
    expect(counted.slice(1)).toEqual([{ TransactWriteItems: 1 }, { TransactWriteItems: 1 }, { TransactWriteItems: 1 }]);
  });

  it("a refused take stores nothing and answers the wait; past the daily cap the wait until midnight", async () => {
    const t = newId("tenant");
    const s = newId("session");
    const settings = { messagesPerMinute: 60, burst: 2, dailyCap: 3 };
    const ok = [0, 1].map((i) => queued(t, s, jid(2), i, `ok${i}`));
    for (const m of ok) expect(await acceptOutbound(ctx, m, bump(m), settings, now)).toEqual({ allowed: true });
    const over = queued(t, s, jid(2), 5, "over");
    const refused = await acceptOutbound(ctx, over, bump(over), settings, now);
    expect(refused).toMatchObject({ allowed: false, reason: "rate" });
    expect("retryAfterSeconds" in refused ? refused.retryAfterSeconds : 0).toBeGreaterThanOrEqual(1);
    expect(await store.get(t, s, over.id)).toBeNull();
    expect(await store.getChat(t, s, jid(2))).toMatchObject({ lastMessageText: "ok1" });
    const later = new Date(now.getTime() + 60_000);
    const third = queued(t, s, jid(2), 60, "third");
    expect(await acceptOutbound(ctx, third, bump(third), settings, later)).toEqual({ allowed: true });
    const fourth = queued(t, s, jid(2), 61, "fourth");
    expect(await acceptOutbound(ctx, fourth, bump(fourth), settings, later)).toMatchObject({
      allowed: false,
      reason: "daily_cap",
    });
    expect(await store.get(t, s, fourth.id)).toBeNull();
  });

  it("a message id stored already (a retried request) counts as accepted, takes no token and changes nothing", async () => {
    const t = newId("tenant");
    const s = newId("session");
    const settings = { messagesPerMinute: 60, burst: 1, dailyCap: 10 };
    const m = queued(t, s, jid(3), 0, "once");
    expect(await acceptOutbound(ctx, m, bump(m), settings, now)).toEqual({ allowed: true });
    // the bucket is empty now, yet the retry of the same message is no refusal
    expect(await acceptOutbound(ctx, m, bump(m), settings, now)).toEqual({ allowed: true });
    const other = queued(t, s, jid(3), 1, "other");
    expect(await acceptOutbound(ctx, other, bump(other), settings, now)).toMatchObject({ allowed: false });
  });

  it("the day's message count rides in the same transaction: counted once, at the limit refused with nothing stored", async () => {
    const t = newId("tenant");
    const s = newId("session");
    const settings = { messagesPerMinute: 600, burst: 50, dailyCap: 100 };
    const count = { tenantId: t, counter: "messagesPerDay#2030-01-01", limit: 2, expiresAt: 1_900_000_000 };
    const limits = createLimitStore(ctx);
    const [a, b, c] = [0, 1, 2].map((i) => queued(t, s, jid(4), i, `n${i}`)) as [
      MessageRecord,
      MessageRecord,
      MessageRecord,
    ];
    calls.reset();
    expect(await acceptOutbound(ctx, a, bump(a), settings, now, undefined, count)).toEqual({
      allowed: true,
      counted: true,
    });
    expect(calls.take()).toMatchObject({ TransactWriteItems: expect.any(Number) });
    // a retried request (its message stored already) is not counted again
    expect(await acceptOutbound(ctx, a, bump(a), settings, now, undefined, count)).toEqual({ allowed: true });
    expect(await acceptOutbound(ctx, b, bump(b), settings, now, undefined, count)).toEqual({
      allowed: true,
      counted: true,
    });
    expect(await acceptOutbound(ctx, c, bump(c), settings, now, undefined, count)).toEqual({
      allowed: false,
      reason: "quota",
    });
    expect(await store.get(t, s, c.id)).toBeNull();
    // the counter is the limit store's own: a release there frees the unit for the next send
    await limits.release(t, count.counter);
    expect(await acceptOutbound(ctx, c, bump(c), settings, now, undefined, count)).toEqual({
      allowed: true,
      counted: true,
    });
    expect((await limits.reserve(t, count.counter, 2)).ok).toBe(false);
  });

  it("the request's audit entry rides too: written with an accepted send, not with a refused one", async () => {
    const t = newId("tenant");
    const s = newId("session");
    const settings = { messagesPerMinute: 60, burst: 1, dailyCap: 100 };
    const audits = createAuditLogStore(ctx);
    const entry = (requestId: string) =>
      auditRecordOf(
        { clock: { now: () => now } },
        {
          actor: { type: "api_key", keyId: "key_1", scopes: null },
          action: "message.send",
          target: s,
          status: 202,
          errorCode: null,
          requestId,
          sourceAddress: null,
        },
      );
    const [a, b] = [0, 1].map((i) => queued(t, s, jid(5), i, `a${i}`)) as [MessageRecord, MessageRecord];
    calls.reset();
    const accepted = await acceptOutbound(ctx, a, bump(a), settings, now, undefined, undefined, {
      tenantId: t,
      record: entry("req_a"),
    });
    expect(accepted).toEqual({ allowed: true, audited: true });
    const refused = await acceptOutbound(ctx, b, bump(b), settings, now, undefined, undefined, {
      tenantId: t,
      record: entry("req_b"),
    });
    expect(refused).toMatchObject({ allowed: false, reason: "rate" });
    expect(calls.take().PutItem).toBeUndefined();
    const listed = await audits.list(t, {}, { limit: 10 });
    expect(listed.items.map((e) => e.requestId)).toEqual(["req_a"]);
  });

  it("concurrent sends of one session to many chats are each accepted or refused, never an error; exactly burst pass", async () => {
    const t = newId("tenant");
    const s = newId("session");
    const settings = { messagesPerMinute: 60, burst: 15, dailyCap: 1000 };
    const ms = Array.from({ length: 40 }, (_, i) => queued(t, s, jid(100 + (i % 8)), i, `m${i}`));
    const results = await Promise.allSettled(ms.map((m) => acceptOutbound(ctx, m, bump(m), settings, now)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const allowed = ms.filter((_, i) => {
      const r = results[i];
      return r?.status === "fulfilled" && r.value.allowed;
    });
    expect(allowed).toHaveLength(15);
    for (const m of ms) expect((await store.get(t, s, m.id)) !== null).toBe(allowed.includes(m));
  });
});
