import { describe, expect, it } from "vitest";
import { SendBatcher } from "./send-batcher";

describe("SendBatcher", () => {
  it("sends items added together in batches of at most max, and resolves each add once its batch went out", async () => {
    const sent: number[][] = [];
    const batcher = new SendBatcher<number>(async (items) => void sent.push(items), { max: 10, lingerMs: 5 });
    await Promise.all(Array.from({ length: 23 }, (_, i) => batcher.add(i)));
    expect(sent.map((b) => b.length)).toEqual([10, 10, 3]);
    expect(sent.flat()).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it("rejects the adds of a batch that failed, and only those", async () => {
    let calls = 0;
    const batcher = new SendBatcher<number>(
      async () => {
        if (++calls === 1) throw new Error("queue down");
      },
      { max: 2, lingerMs: 5 },
    );
    const results = await Promise.allSettled([batcher.add(1), batcher.add(2), batcher.add(3)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "fulfilled"]);
  });
});
