import { countSdkCalls, type SdkCallCounter } from "@wharf/aws";
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

  it("an accepted text send makes 7 calls once the key and the owner are known to the instance", async () => {
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
      // failed-auth count of the source address, the session
      GetItem: 2,
      // the key's request bucket, the tenant's messages-per-day quota
      UpdateItem: 2,
      // the session's pacing token, the message stored `queued` and its chat bump, atomically
      TransactWriteItems: 1,
      // the command into the owner's inbox
      SendMessage: 1,
      // the audit entry
      PutItem: 1,
    });
  });
});
