import type { AuthKeyWrites } from "@wharf/aws";
import { describe, expect, it } from "vitest";
import { baileysCodec } from "./baileys-auth";
import { KeyWrites } from "./key-writes";

/** a KeyWrites over a recording write that can be told to fail */
function recorder() {
  const writes: AuthKeyWrites[] = [];
  let fail: Error | null = null;
  const keyWrites = new KeyWrites(
    async (data) => {
      writes.push(structuredClone(data));
      if (fail) throw fail;
    },
    (v) => baileysCodec.encode(v),
  );
  return { keyWrites, writes, failNext: (err: Error | null) => (fail = err) };
}

describe("Signal key writes of one session", () => {
  it("sends sets made in the same turn as one write, and resolves each once it committed", async () => {
    const { keyWrites, writes } = recorder();
    await Promise.all([
      keyWrites.set({ session: { a: { n: 1 } } }),
      keyWrites.set({ session: { b: { n: 2 } } }),
      keyWrites.set({ "sender-key": { g: { n: 3 } } }),
    ]);
    expect(writes).toEqual([{ session: { a: { n: 1 }, b: { n: 2 } }, "sender-key": { g: { n: 3 } } }]);
  });

  it("does not write again a key whose value is what it last committed, and writes one that changed", async () => {
    const { keyWrites, writes } = recorder();
    await keyWrites.set({ session: { a: { n: 1 }, b: { n: 2 } } });
    await keyWrites.set({ session: { a: { n: 1 }, b: { n: 2 } } });
    expect(writes).toHaveLength(1);
    await keyWrites.set({ session: { a: { n: 1 }, b: { n: 3 } } });
    expect(writes.at(-1)).toEqual({ session: { b: { n: 3 } } });
    // a delete always goes out, and the next set of that key too
    await keyWrites.set({ session: { a: null } });
    await keyWrites.set({ session: { a: { n: 1 } } });
    expect(writes.slice(-2)).toEqual([{ session: { a: null } }, { session: { a: { n: 1 } } }]);
  });

  it("writes a key again after a failed write of it (it may or may not have committed) and after a clear", async () => {
    const { keyWrites, writes, failNext } = recorder();
    await keyWrites.set({ session: { a: { n: 1 } } });
    failNext(new Error("fenced"));
    await expect(keyWrites.set({ session: { a: { n: 2 } } })).rejects.toThrow("fenced");
    failNext(null);
    await keyWrites.set({ session: { a: { n: 1 } } });
    expect(writes).toHaveLength(3);
    keyWrites.forget();
    await keyWrites.set({ session: { a: { n: 1 } } });
    expect(writes).toHaveLength(4);
  });
});
