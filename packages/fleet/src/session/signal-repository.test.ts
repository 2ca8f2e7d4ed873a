import {
  addTransactionCapability,
  Curve,
  generateSignalPubKey,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  signedKeyPair,
} from "@whiskeysockets/baileys";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { MemoryAuthStore } from "../testing/fakes";
import { keysUnderCache, loadAuthState, SignalKeyCache, signalKeyStore } from "./baileys-auth";
import { makeSerialisedSignalRepository, serialisedSignalRepository } from "./signal-repository";

const logger = pino({ level: "silent" });
const ME = "4915100000001:1@s.whatsapp.net";

function repository() {
  const keys = addTransactionCapability(signalKeyStore(new MemoryAuthStore()), logger, {
    maxCommitRetries: 1,
    delayBetweenTriesMs: 0,
  });
  const creds = { ...initAuthCreds(), me: { id: ME } };
  return { keys, repo: makeSerialisedSignalRepository({ creds, keys }, logger) };
}

describe("the serialised Signal repository", () => {
  it("waits for a send's transaction under the account before touching a contact's session", async () => {
    const { keys, repo } = repository();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    // what relayMessage does: one transaction keyed by creds.me.id around the whole fan-out
    const send = keys.transaction(async () => {
      await gate;
      order.push("send committed");
    }, ME);
    const inbound = repo.deleteSession(["4915100000002@s.whatsapp.net"]).then(() => order.push("inbound"));
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    release();
    await Promise.all([send, inbound]);
    expect(order).toEqual(["send committed", "inbound"]);
  });

  it("joins a transaction that is already open instead of waiting for it", async () => {
    const { keys, repo } = repository();
    const inside = await keys.transaction(async () => {
      await repo.deleteSession(["4915100000002@s.whatsapp.net"]);
      return "done";
    }, ME);
    expect(inside).toBe("done");
  });

  it.each([
    ["a contact known by phone number only", null],
    ["a contact whose session lives under its LID", "101010101010101@lid"],
  ])("stores a send's ratchet step before the send's transaction ends (before its node leaves): %s", async (_, lid) => {
    const store = new MemoryAuthStore();
    // the layers a worker has: Dynamo-backed store, Baileys' cache, Baileys' transactions
    const durable = makeCacheableSignalKeyStore(signalKeyStore(store), logger, new SignalKeyCache(Date.now));
    const keys = addTransactionCapability(durable, logger, { maxCommitRetries: 1, delayBetweenTriesMs: 0 });
    const creds = { ...initAuthCreds(), me: { id: ME } };
    const repo = serialisedSignalRepository(durable)({ creds, keys }, logger);
    const contact = "4915100000002@s.whatsapp.net";
    // with a mapping, Baileys' Signal storage keeps the session under the LID address while
    // relayMessage still encrypts for the phone-number jid
    if (lid) await repo.lidMapping.storeLIDPNMappings([{ lid, pn: contact }]);
    const identity = Curve.generateKeyPair();
    const signed = signedKeyPair(identity, 1);
    await repo.injectE2ESession({
      jid: contact,
      session: {
        registrationId: 42,
        identityKey: generateSignalPubKey(identity.public),
        signedPreKey: {
          keyId: 1,
          publicKey: generateSignalPubKey(signed.keyPair.public),
          signature: signed.signature,
        },
        preKey: { keyId: 7, publicKey: generateSignalPubKey(Curve.generateKeyPair().public) },
      },
    } as Parameters<typeof repo.injectE2ESession>[0]);
    const id = repo.jidToSignalProtocolAddress(lid ?? contact);
    const stored = () => JSON.stringify(store.keys.get(`session.${id}`));
    const beforeSend = stored();
    expect(store.keys.get(`session.${id}`)).toBeDefined();

    let duringSend = "";
    let writes = 0;
    const setKeys = store.setKeys.bind(store);
    store.setKeys = (data) => {
      writes++;
      return setKeys(data);
    };
    // what relayMessage does: encrypt, sendNode, and only then commit the transaction
    await keys.transaction(async () => {
      await repo.encryptMessage({ jid: contact, data: Buffer.from([1, 2, 3]) });
      duringSend = stored(); // the moment the node would leave
    }, ME);
    expect(duringSend).not.toBe(beforeSend);
    expect(duringSend).toBe(stored());
    // the commit after the node left does not write the session the encrypt stored already
    expect(writes).toBe(1);
  });

  /** the worker's wiring: the cached keys from loadAuthState, the store under the cache for the ratchet steps */
  async function workerRepository(jids: string[], me = ME) {
    const store = new MemoryAuthStore();
    const { state } = await loadAuthState(store, logger, Date.now);
    const keys = addTransactionCapability(state.keys, logger, { maxCommitRetries: 1, delayBetweenTriesMs: 0 });
    const creds = { ...state.creds, me: { id: me } };
    const repo = serialisedSignalRepository(keysUnderCache(state.keys))({ creds, keys }, logger);
    for (const jid of jids) {
      const identity = Curve.generateKeyPair();
      const signed = signedKeyPair(identity, 1);
      await repo.injectE2ESession({
        jid,
        session: {
          registrationId: 42,
          identityKey: generateSignalPubKey(identity.public),
          signedPreKey: {
            keyId: 1,
            publicKey: generateSignalPubKey(signed.keyPair.public),
            signature: signed.signature,
          },
          preKey: { keyId: 7, publicKey: generateSignalPubKey(Curve.generateKeyPair().public) },
        },
      } as Parameters<typeof repo.injectE2ESession>[0]);
    }
    const ids = jids.map((j) => repo.jidToSignalProtocolAddress(j));
    const stored = () => ids.map((id) => JSON.stringify(store.keys.get(`session.${id}`)));
    return { store, state, keys, repo, ids, stored };
  }

  it("stores the sessions of a send's parallel encrypts (contact, own device) in one write, and not again at commit", async () => {
    const jids = ["4915100000002@s.whatsapp.net", "4915100000001@s.whatsapp.net"];
    const { store, keys, repo, ids, stored } = await workerRepository(jids);
    const writes: string[][] = [];
    const setKeys = store.setKeys.bind(store);
    store.setKeys = (data) => {
      writes.push(Object.keys(data.session ?? {}));
      return setKeys(data);
    };
    const before = stored();
    let duringSend: string[] = [];
    // relayMessage: the fan-out's encrypts in parallel, the node, then the commit
    await keys.transaction(async () => {
      await Promise.all(jids.map((jid) => repo.encryptMessage({ jid, data: Buffer.from([1, 2, 3]) })));
      duringSend = stored();
    }, ME);
    expect(duringSend.every((s, i) => s !== before[i])).toBe(true);
    expect(stored()).toEqual(duringSend);
    expect(writes).toEqual([ids]);
  });

  it("leaves no older session in the key cache when a send fails after its encrypt stored the new one", async () => {
    const contact = "4915100000002@s.whatsapp.net";
    const { state, keys, repo, ids, stored } = await workerRepository([contact]);
    const failed = keys.transaction(async () => {
      await repo.encryptMessage({ jid: contact, data: Buffer.from([1, 2, 3]) });
      throw new Error("socket closed before the node left");
    }, ME);
    await expect(failed).rejects.toThrow("socket closed");
    const id = ids[0]!;
    const { [id]: read } = await state.keys.get("session", [id]);
    expect([JSON.stringify(read)]).toEqual(stored());
  });

  it("keeps each account's ratchet when several accounts send to the same contact at the same moment", async () => {
    const contact = "4915100000002@s.whatsapp.net";
    const accounts = await Promise.all(
      ["4915100000011:1@s.whatsapp.net", "4915100000012:1@s.whatsapp.net", "4915100000013:1@s.whatsapp.net"].map((me) =>
        workerRepository([contact], me).then((r) => ({ ...r, me })),
      ),
    );
    // each send as relayMessage makes it: a transaction under the account, the session checked
    // (assertSessions), then encrypted; the sends start in one turn, as commands that resume together
    const sendAll = () =>
      Promise.all(
        accounts.map(({ keys, repo, me }) =>
          keys.transaction(async () => {
            expect((await repo.validateSession(contact)).exists).toBe(true);
            await repo.encryptMessage({ jid: contact, data: Buffer.from([1, 2, 3]) });
          }, me),
        ),
      );
    for (let i = 0; i < 3; i++) await sendAll();
    // three messages each: the sending chain's counter is at 2 (a send run outside its own
    // transaction lost its step, and the next message reused a counter the contact had seen)
    expect(accounts.map(({ stored }) => sendingCounters(stored()[0]))).toEqual([[2], [2], [2]]);
  });
});

/** the counters of a stored session record's sending chains */
function sendingCounters(json: string | undefined): number[] {
  const record = JSON.parse(json ?? "null") as {
    _sessions?: Record<string, { _chains?: Record<string, { chainType: number; chainKey: { counter: number } }> }>;
  } | null;
  return Object.values(record?._sessions ?? {}).flatMap((s) =>
    Object.values(s._chains ?? {})
      .filter((c) => c.chainType === 1)
      .map((c) => c.chainKey.counter),
  );
}
