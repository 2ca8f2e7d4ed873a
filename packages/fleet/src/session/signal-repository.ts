import {
  DEFAULT_CONNECTION_CONFIG,
  isHostedPnUser,
  isPnUser,
  type SignalAuthState,
  type SignalKeyStore,
  type SignalKeyStoreWithTransaction,
  type SignalRepositoryWithLIDStore,
  type SocketConfig,
} from "@whiskeysockets/baileys";

type MakeSignalRepository = SocketConfig["makeSignalRepository"];

/** Key of the transaction the repository's key-touching calls run in when Baileys has none open. */
const NOT_LINKED_KEY = "signal";

/** Repository calls that read and write Signal sessions or sender keys (the rest only read). */
const SERIALISED = [
  "decryptMessage",
  "encryptMessage",
  "decryptGroupMessage",
  "processSenderKeyDistributionMessage",
  "encryptGroupMessage",
  "getSenderKeyDistributionMessage",
  "injectE2ESession",
  "deleteSession",
  "migrateSession",
] as const satisfies ReadonlyArray<keyof SignalRepositoryWithLIDStore>;

/** Repository calls that run as a job in libsignal's queue of the address (SessionCipher, SessionBuilder). */
const QUEUED = new Set<string>(["decryptMessage", "encryptMessage", "injectE2ESession"]);

/** The tail of the calls on each Signal address in this process (see `oneAtATime`). */
const addressTails = new Map<string, Promise<unknown>>();

/**
 * Runs `work` once every earlier call on `address`, from any socket of this process, is done.
 * libsignal's job queue (queue_job.js) is one per process, keyed by the address, and runs a
 * job queued behind another socket's inside that socket's async context: outside its own
 * key-store transaction, so a send to a contact other sessions were sending to lost its ratchet
 * step ("Key used already", "No sessions"). Taking turns here, each job starts the queue anew.
 */
function oneAtATime<T>(address: string, work: () => Promise<T>): Promise<T> {
  const before = addressTails.get(address) ?? Promise.resolve();
  // `then` runs `work` in the caller's async context (the transaction it is in)
  const run = before.then(work, work);
  const tail = run.catch(() => undefined);
  addressTails.set(address, tail);
  void tail.then(() => {
    if (addressTails.get(address) === tail) addressTails.delete(address);
  });
  return run;
}

/**
 * Baileys' Signal repository, with every call that changes a Signal session run inside one
 * key-store transaction keyed by the account (`creds.me.id`). Why: relayMessage encrypts a
 * whole fan-out in a transaction keyed by `creds.me.id` and commits the new session state
 * only when the send is done, while an inbound message decrypts in a transaction keyed by the
 * sender's jid. Both read the same session, and whichever commits last throws the other's
 * ratchet step away: the contact then cannot decrypt ("Bad MAC", "messages into the
 * future"). Under one key they take turns; nested calls join the transaction already open.
 *
 * With `durable` (the key store under Baileys' transactions), each encrypt also writes the
 * session it advanced before returning, so before the message node leaves: relayMessage
 * commits only after sendNode, and a worker killed in between would hand its successor a
 * ratchet the contact has moved past.
 */
export function serialisedSignalRepository(durable?: Pick<SignalKeyStore, "set">): MakeSignalRepository {
  return (auth, logger, pnToLid) => {
    const repo = DEFAULT_CONNECTION_CONFIG.makeSignalRepository(auth, logger, pnToLid);
    const keys = auth.keys as Partial<SignalKeyStoreWithTransaction>;
    if (typeof keys.transaction !== "function") return repo;
    const transaction = keys.transaction.bind(keys);
    const accountKey = () =>
      (auth.creds as SignalAuthState["creds"] & { me?: { id?: string } }).me?.id ?? NOT_LINKED_KEY;
    const serialised = { ...repo } as Record<string, unknown>;
    // the queue key libsignal uses: the address of the jid as the call names it
    const addressOf = (args: unknown) => repo.jidToSignalProtocolAddress((args as { jid: string }).jid);
    for (const name of SERIALISED) {
      const call = (repo[name] as (...args: unknown[]) => Promise<unknown>).bind(repo);
      const queued = QUEUED.has(name)
        ? (...args: unknown[]) => oneAtATime(addressOf(args[0]), () => call(...args))
        : call;
      serialised[name] = (...args: unknown[]) => transaction(() => queued(...args), accountKey());
    }
    const lidOf = (jid: string) =>
      isPnUser(jid) || isHostedPnUser(jid) ? repo.lidMapping.getLIDForPN(jid) : Promise.resolve(null);
    if (durable) {
      serialised.encryptMessage = (args: { jid: string; data: Uint8Array }) =>
        transaction(async () => {
          const out = await oneAtATime(addressOf(args), () => repo.encryptMessage(args));
          // read inside the transaction: its own (uncommitted) state, under the address the
          // Signal storage wrote it to (a phone-number jid's session lives under its LID)
          const id = repo.jidToSignalProtocolAddress((await lidOf(args.jid)) ?? args.jid);
          const { [id]: session } = await auth.keys.get("session", [id]);
          if (session) await durable.set({ session: { [id]: session } });
          return out;
        }, accountKey());
    }
    return serialised as unknown as SignalRepositoryWithLIDStore;
  };
}

export const makeSerialisedSignalRepository: MakeSignalRepository = serialisedSignalRepository();
