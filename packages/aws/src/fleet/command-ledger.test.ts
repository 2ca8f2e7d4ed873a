import { newId } from "@wharf/core";
import { beforeEach, describe, expect, it } from "vitest";
import { transactCoalescer } from "../dynamo/transact-coalescer";
import { countSdkCalls, useTestStack } from "../testing/index";
import { createCommandLedger } from "./command-ledger";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const calls = countSdkCalls([stack.dynamo]);
const tenantId = newId("tenant");
const command = (sessionId = newId("session")) => ({
  tenantId,
  sessionId,
  id: newId("command"),
  type: "message.send_text",
});

describe("command ledger (DynamoDB Local)", () => {
  beforeEach(() => {
    calls.reset();
    transactCoalescer(stack.doc).resetStats();
  });

  it("refuses a command another worker began (no memory of it here: the stored record decides)", async () => {
    const c = command();
    expect(await createCommandLedger(ctx).begin(c, new Date())).toBe(true);
    const otherWorker = createCommandLedger(ctx);
    expect(await otherWorker.begin(c, new Date())).toBe(false);
    // and it remembers the refusal: asking again costs no call
    calls.reset();
    expect(await otherWorker.begin(c, new Date())).toBe(false);
    expect(calls.counts()).toEqual({});
  });

  it("begins the commands of one inbox batch in one write", async () => {
    const ledger = createCommandLedger(ctx);
    // half of them of one session (distinct ledger items in one partition), half of others
    const shared = newId("session");
    const batch = Array.from({ length: 10 }, (_, i) => command(i % 2 ? shared : undefined));
    const begun = await Promise.all(batch.map((c) => ledger.begin(c, new Date())));
    expect(begun).toEqual(batch.map(() => true));
    expect(calls.counts()).toEqual({ TransactWriteItems: 1 });
  });

  it("refuses only the repeat in a batch; the other commands of the batch begin", async () => {
    const repeat = command();
    expect(await createCommandLedger(ctx).begin(repeat, new Date())).toBe(true);
    const ledger = createCommandLedger(ctx);
    const fresh = [command(), command(), command()];
    const begun = await Promise.all([...fresh, repeat].map((c) => ledger.begin(c, new Date())));
    expect(begun).toEqual([true, true, true, false]);
    // the fresh ones are stored: a further worker refuses them too
    const later = createCommandLedger(ctx);
    expect(await Promise.all(fresh.map((c) => later.begin(c, new Date())))).toEqual([false, false, false]);
  });
});
