import { describe, expect, it } from "vitest";
import { createTransferSlots } from "./transfer-slots";

describe("transfer slots", () => {
  it("runs at most n transfers at once and starts the waiting ones in order as slots free", async () => {
    const slots = createTransferSlots(2);
    const started: number[] = [];
    const finish = new Map<number, () => void>();
    const runs = [1, 2, 3, 4].map((i) =>
      slots.run(async () => {
        started.push(i);
        await new Promise<void>((r) => finish.set(i, r));
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([1, 2]);
    expect(slots.load).toEqual({ running: 2, waiting: 2 });
    finish.get(2)!();
    await expect.poll(() => started).toEqual([1, 2, 3]);
    finish.get(1)!();
    await expect.poll(() => started).toEqual([1, 2, 3, 4]);
    finish.get(3)!();
    finish.get(4)!();
    expect(await Promise.all(runs)).toEqual([1, 2, 3, 4]);
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the slot of a transfer that fails", async () => {
    const slots = createTransferSlots(1);
    await expect(slots.run(async () => Promise.reject(new Error("broke")))).rejects.toThrow("broke");
    expect(await slots.run(async () => "next")).toBe("next");
  });
});
