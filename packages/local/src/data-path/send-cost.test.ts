import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { countSdkCalls, limitKeys, type SdkCallCounter } from "@wharf/aws";
import { DEFAULT_PLAN, PLANS, messagesCounter } from "@wharf/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../runtime";
import { apiOf, clients, newSession, newTenant, ownSession, startTestRuntime } from "./test-kit";

/**
 * What one accepted send costs in SDK calls, counted on the runtime's own clients (the
 * onAwsClients seam), by command name. A change here is a change of the data path's cost:
 * say why in the commit.
 */
describe("SDK calls per POST on the local stack", () => {
  let rt: LocalRuntime;
  let calls: SdkCallCounter;
  const { doc } = clients();
  beforeAll(async () => {
    rt = await startTestRuntime({
      onAwsClients: (c) => {
        calls = countSdkCalls([c.dynamo, c.sqs, c.s3, c.management]);
      },
    });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  it("an accepted text send makes 4 calls once the key, the caller's address and the owner are known to the instance", async () => {
    const t = await newTenant(rt);
    const sessionId = await newSession(rt, t);
    await ownSession(rt, doc, t, sessionId);
    const send = (text: string) =>
      apiOf(rt).call("POST", `/v1/sessions/${sessionId}/messages`, {
        key: t.key,
        json: { type: "text", to: "4915100000001", text },
      });
    expect((await send("warm")).status).toBe(202);
    calls.reset();
    expect((await send("counted")).status).toBe(202);
    expect(calls.take()).toEqual({
      // the session (the caller's failed-auth count was read by the first send, trusted for a few seconds)
      GetItem: 1,
      // the key's request bucket
      UpdateItem: 1,
      // the session's pacing token, the message stored `queued`, its chat bump, the tenant's
      // messages-per-day count and the request's audit entry, atomically
      TransactWriteItems: 1,
      // the command into the owner's inbox
      SendMessage: 1,
    });
    // the audit entry written with the accept is the request's one entry, as accepted
    const audit = await apiOf(rt).call("GET", "/v1/audit", { key: t.key });
    const sends = audit.body.data.filter((e: { action: string }) => e.action === "message.send");
    expect(sends.map((e: { result: { status: number }; target: string }) => [e.result.status, e.target])).toEqual([
      [202, sessionId],
      [202, sessionId],
    ]);
  });

  it("the day's message count is taken inside the accept: at the limit 429 quota_exceeded, nothing stored or counted", async () => {
    const t = await newTenant(rt);
    const sessionId = await newSession(rt, t);
    await ownSession(rt, doc, t, sessionId);
    const limit = PLANS[DEFAULT_PLAN].quotas.messagesPerDay;
    const key = { TableName: rt.tableName, Key: limitKeys.quota(t.id, messagesCounter(Date.now())) };
    await doc.send(new PutCommand({ TableName: rt.tableName, Item: { ...key.Key, used: limit - 1 } }));
    const send = (text: string) =>
      apiOf(rt).call("POST", `/v1/sessions/${sessionId}/messages`, {
        key: t.key,
        json: { type: "text", to: "4915100000001", text },
      });
    expect((await send("the last of the day")).status).toBe(202);
    const used = async () => (await doc.send(new GetCommand({ ...key, ConsistentRead: true }))).Item?.used;
    expect(await used()).toBe(limit);
    const over = await send("one too many");
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe("quota_exceeded");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await used()).toBe(limit);
    const listed = await apiOf(rt).call("GET", `/v1/sessions/${sessionId}/chats/4915100000001/messages`, {
      key: t.key,
    });
    expect(listed.body.data.map((m: { status: string }) => m.status)).toEqual(["queued"]);
    // one audit entry per request: the accepted one written with the accept, the refusal after it
    const audit = await apiOf(rt).call("GET", "/v1/audit", { key: t.key });
    const sends = audit.body.data.filter((e: { action: string }) => e.action === "message.send");
    expect(sends.map((e: { result: { status: number } }) => e.result.status).sort()).toEqual([202, 429]);
  });
});
