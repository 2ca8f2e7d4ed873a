import { BufferJSON, initAuthCreds, proto } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { MemoryAuthStore } from "../testing/fakes";
import { baileysCodec, CredsWriter, SignalKeyCache } from "./baileys-auth";

describe("the Baileys side of the auth state", () => {
  it("never caches pre-keys, caches other keys with a size bound", () => {
    const cache = new SignalKeyCache(() => 0);
    cache.set("pre-key.1", { public: Buffer.alloc(32) });
    cache.set("session.a", { x: 1 });
    expect(cache.get("pre-key.1")).toBeUndefined();
    expect(cache.get("session.a")).toEqual({ x: 1 });
    for (let i = 0; i < 2_000; i++) cache.set(`session.${i}`, { i });
    expect(cache.size).toBeLessThanOrEqual(512);
  });

  it("expires cached keys after five minutes", () => {
    let t = 0;
    const cache = new SignalKeyCache(() => t);
    cache.set("session.a", { x: 1 });
    t = 5 * 60_000 + 1;
    expect(cache.get("session.a")).toBeUndefined();
  });

  it("round-trips creds with Buffers and app-state keys as protobuf objects", () => {
    const creds = initAuthCreds();
    const back = baileysCodec.decode(baileysCodec.encode(creds), { kind: "creds" }) as typeof creds;
    expect(Buffer.from(back.noiseKey.private).equals(Buffer.from(creds.noiseKey.private))).toBe(true);
    const key = proto.Message.AppStateSyncKeyData.fromObject({ keyData: Buffer.from("k"), timestamp: 5 });
    const decoded = baileysCodec.decode(Buffer.from(JSON.stringify(key, BufferJSON.replacer)), {
      kind: "key",
      type: "app-state-sync-key",
    });
    expect(decoded).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
  });

  it("folds creds updates that arrive during a write into one more write of the latest creds", async () => {
    const store = new MemoryAuthStore();
    let writes = 0;
    const original = store.writeCreds.bind(store);
    store.writeCreds = async (c) => {
      writes++;
      await new Promise((r) => setTimeout(r, 10));
      return original(c);
    };
    const creds = { n: 0 };
    const writer = new CredsWriter(store, () => creds as never);
    const all = [];
    for (let i = 1; i <= 5; i++) {
      creds.n = i;
      all.push(writer.schedule());
    }
    await Promise.all(all);
    expect(writes).toBe(2);
    expect(store.creds).toEqual({ n: 5 });
  });
});
