import { newId } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { countSdkCalls, useTestStack } from "../testing/index";
import { createWorkerRegistry } from "./worker-registry";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const calls = countSdkCalls([stack.dynamo]);

describe("worker registry ownership records (DynamoDB)", () => {
  it("writes the records of one turn in shared BatchWriteItem calls, each readable after its promise", async () => {
    const registry = createWorkerRegistry(ctx, `t-own-${newId("worker").slice(-8)}-`);
    const workerId = newId("worker");
    const tenantId = newId("tenant");
    const owned = Array.from({ length: 30 }, () => ({ tenantId, sessionId: newId("session") }));
    calls.reset();
    await Promise.all(owned.map((o) => registry.recordOwnership(workerId, o, new Date())));
    // 25 items a call
    expect(calls.counts()).toEqual({ BatchWriteItem: 2 });
    const sort = (xs: { sessionId: string }[]) => xs.map((x) => x.sessionId).sort();
    expect(sort(await registry.ownedBy(workerId))).toEqual(sort(owned));

    await registry.recordOwnership(workerId, { tenantId, sessionId: "ses_late" }, new Date());
    await registry.dropOwnership(workerId, owned[0]!);
    expect((await registry.ownedBy(workerId)).map((o) => o.sessionId)).toContain("ses_late");
    expect((await registry.ownedBy(workerId)).map((o) => o.sessionId)).not.toContain(owned[0]!.sessionId);
  });
});
