import { BufferJSON, initAuthCreds, proto } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { MemoryAuthStore } from "../testing/fakes";
import { AuthStateDecryptError } from "@wharf/aws";
import { pino } from "pino";
import { baileysCodec, CredsWriter, credsProblem, loadAuthState, SignalKeyCache, signalKeyStore } from "./baileys-auth";

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

  it("does not write creds again that equal the stored ones, and writes them once they change", async () => {
    const store = new MemoryAuthStore();
    let writes = 0;
    const original = store.writeCreds.bind(store);
    store.writeCreds = async (c) => {
      writes++;
      return original(c);
    };
    const creds = { n: 1, key: Buffer.from("k") };
    const stored = { json: null as string | null };
    const writer = new CredsWriter(store, () => creds as never, stored);
    await writer.schedule();
    expect(writes).toBe(1);
    // a second socket of the session shares what is stored: an update that changes nothing is no write
    const next = new CredsWriter(store, () => creds as never, stored);
    await next.schedule();
    await next.schedule();
    expect(writes).toBe(1);
    creds.n = 2;
    await next.schedule();
    expect(writes).toBe(2);
    expect(store.creds).toMatchObject({ n: 2 });
  });

  it("asks the store once for a key it does not have, and again once that key is written", async () => {
    const store = new MemoryAuthStore();
    const reads: string[][] = [];
    const original = store.getKeys.bind(store);
    store.getKeys = async (type, ids) => {
      reads.push([type, ...ids]);
      return original(type, ids);
    };
    const keys = signalKeyStore(store);
    for (let i = 0; i < 5; i++) expect(await keys.get("tctoken", ["4915100000002@s.whatsapp.net"])).toEqual({});
    expect(reads).toHaveLength(1);
    await keys.set({ tctoken: { "4915100000002@s.whatsapp.net": { token: Buffer.from("t"), timestamp: "1" } } });
    expect(await keys.get("tctoken", ["4915100000002@s.whatsapp.net"])).toHaveProperty([
      "4915100000002@s.whatsapp.net",
    ]);
    expect(reads).toHaveLength(2);
    // a batch reads only the ids not known to be missing
    await keys.get("session", ["a", "b"]);
    await keys.get("session", ["a", "b", "c"]);
    expect(reads.slice(2)).toEqual([
      ["session", "a", "b"],
      ["session", "c"],
    ]);
  });

  it("does not record misses from a read that overlapped a write", async () => {
    const store = new MemoryAuthStore();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = store.getKeys.bind(store);
    store.getKeys = async (type, ids) => {
      const before = await original(type, ids);
      await gate;
      return before;
    };
    const keys = signalKeyStore(store);
    const slowRead = keys.get("session", ["a"]);
    await keys.set({ session: { a: { x: 1 } } as never });
    release();
    expect(await slowRead).toEqual({});
    expect(await keys.get("session", ["a"])).toEqual({ a: { x: 1 } });
  });

  it("says what keeps creds from logging in", () => {
    const creds = initAuthCreds();
    expect(credsProblem(creds)).toBeNull();
    expect(credsProblem({ ...creds, me: { id: "4915100000001:1@s.whatsapp.net" } })).toBeNull();
    expect(credsProblem({ ...creds, me: { lid: "1:1@lid" } })).toMatch(/creds.me.id is missing/);
    expect(credsProblem({ ...creds, noiseKey: undefined })).toMatch(/key pairs/);
    expect(credsProblem({ ...creds, registrationId: undefined })).toMatch(/registration/);
    expect(credsProblem("nope")).toMatch(/not an object/);
  });

  it("clears unreadable stored creds and loads new ones, but lets a store failure through", async () => {
    const log = pino({ level: "silent" });
    const store = new MemoryAuthStore();
    store.readCreds = async () => {
      throw new AuthStateDecryptError("wrong key");
    };
    const loaded = await loadAuthState(store, log, () => 0);
    expect(loaded).toMatchObject({ fresh: true, discarded: { reason: "stored_creds_unreadable" } });
    expect(store.clears).toBe(1);

    const down = new MemoryAuthStore();
    down.readCreds = async () => {
      throw new Error("connect ECONNREFUSED");
    };
    await expect(loadAuthState(down, log, () => 0)).rejects.toThrow(/ECONNREFUSED/);
    expect(down.clears).toBe(0);
  });
});
