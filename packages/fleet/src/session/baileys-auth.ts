import {
  BufferJSON,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type CacheStore,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from "@whiskeysockets/baileys";
import type { Logger } from "pino";
import { AuthStateDecryptError, type AuthKeyWrites, type AuthValueCodec } from "@wharf/aws";
import { KeyWrites } from "./key-writes";

/** The narrow view of the DynamoDB store the runner needs (an in-memory one serves unit tests). */
export interface AuthStore {
  readCreds(): Promise<unknown | null>;
  writeCreds(creds: unknown): Promise<void>;
  getKeys(type: string, ids: readonly string[]): Promise<Record<string, unknown>>;
  setKeys(data: AuthKeyWrites): Promise<void>;
  clear(): Promise<number>;
}

/** Baileys' own JSON conventions for Buffers, plus the one protobuf type it stores. */
export const baileysCodec: AuthValueCodec = {
  encode: (value) => Buffer.from(JSON.stringify(value, BufferJSON.replacer), "utf8"),
  decode: (bytes, what) => {
    const value = JSON.parse(bytes.toString("utf8"), BufferJSON.reviver) as unknown;
    if (what.kind === "key" && what.type === "app-state-sync-key")
      return proto.Message.AppStateSyncKeyData.fromObject(value as object);
    return value;
  },
};

const CACHE_TTL_MS = 5 * 60_000;
const CACHE_MAX_ENTRIES = 512;

/**
 * The cache under makeCacheableSignalKeyStore: no timers (nothing to release on stop), a size
 * bound, and never pre-keys: those are written once, read once when a contact starts a
 * session, and would otherwise hold ~800 key pairs per socket in memory (DESIGN §10).
 */
export class SignalKeyCache implements CacheStore {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();

  /** `now` in epoch ms, from the runner's injected clock */
  constructor(private readonly now: () => number) {}

  get<T>(key: string): T | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // re-insert: Map order doubles as least-recently-used order
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value as T;
  }

  set<T>(key: string, value: T): void {
    if (key.startsWith("pre-key.")) return;
    if (value === null || value === undefined) {
      this.entries.delete(key);
      return;
    }
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + CACHE_TTL_MS });
    if (this.entries.size > CACHE_MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  del(key: string): void {
    this.entries.delete(key);
  }

  flushAll(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

const MISSES_MAX_ENTRIES = 4_096;

/**
 * Baileys' SignalKeyStore over the DynamoDB store (typed by Baileys' key map). It remembers
 * keys the store does not have (Baileys asks for e.g. a `tctoken` on every send, and
 * makeCacheableSignalKeyStore caches only hits), so a miss costs one read, not one per send.
 * Only this owner writes the session's keys (fenced), so a miss stays true until it sets the key.
 * Writes go through KeyWrites: same-turn sets merged, unchanged keys not written again.
 */
export function signalKeyStore(store: AuthStore): SignalKeyStore {
  const misses = new Set<string>();
  const keyWrites = new KeyWrites(
    (data) => store.setKeys(data),
    (value) => baileysCodec.encode(value),
  );
  // bumped by every write: a read that overlapped one does not record its misses
  let writes = 0;
  const remember = (key: string) => {
    misses.add(key);
    if (misses.size > MISSES_MAX_ENTRIES) misses.delete(misses.values().next().value as string);
  };
  return {
    get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => {
      const wanted = ids.filter((id) => !misses.has(`${type}.${id}`));
      if (wanted.length === 0) return {};
      const before = writes;
      const found = await store.getKeys(type, wanted);
      if (before === writes)
        for (const id of wanted) if (found[id] === undefined || found[id] === null) remember(`${type}.${id}`);
      return found as { [id: string]: SignalDataTypeMap[T] };
    },
    set: async (data: SignalDataSet) => {
      writes++;
      for (const [type, byId] of Object.entries(data))
        for (const id of Object.keys(byId ?? {})) misses.delete(`${type}.${id}`);
      await keyWrites.set(data as AuthKeyWrites);
    },
    clear: async () => {
      writes++;
      misses.clear();
      keyWrites.forget();
      await store.clear();
    },
  };
}

/** Stored creds that cannot log in, thrown away for a fresh link: why, in words for people. */
export interface DiscardedCreds {
  reason: "stored_creds_unreadable" | "stored_creds_incomplete";
  message: string;
}

export interface LoadedAuth {
  state: AuthenticationState;
  /** true when nothing usable was stored: the session must be linked (QR / pairing code) */
  fresh: boolean;
  /** set when stored creds were thrown away on load; the runner reports it once */
  discarded: DiscardedCreds | null;
  /** the creds as last stored (Baileys' JSON), null until this process stored or read some */
  stored: { json: string | null };
}

/** Creds as Baileys' JSON: what writeCreds stores, so equal JSON means nothing to write. */
const credsJson = (creds: unknown) => JSON.stringify(creds, BufferJSON.replacer);

const isBytes = (v: unknown) => v instanceof Uint8Array && v.length > 0;
const isKeyPair = (v: unknown) =>
  isBytes((v as { private?: unknown })?.private) && isBytes((v as { public?: unknown })?.public);

/**
 * What makes creds unable to log in, or null when they can try. Baileys logs in whenever
 * `creds.me` exists and crashes (a close without a status code) when it has no `id`, as after a
 * server that opened the socket without linking an account.
 */
export function credsProblem(creds: unknown): string | null {
  if (creds === null || typeof creds !== "object") return "they are not an object";
  const c = creds as Partial<AuthenticationCreds>;
  if (!isKeyPair(c.noiseKey) || !isKeyPair(c.signedIdentityKey) || !isKeyPair(c.signedPreKey?.keyPair))
    return "key pairs are missing";
  if (typeof c.registrationId !== "number" || typeof c.advSecretKey !== "string") return "the registration is missing";
  if (c.me !== undefined && c.me !== null && !c.me.id) return "they name no linked account (creds.me.id is missing)";
  return null;
}

const discardMessage = (what: string) => `${what} Link the session again: a new QR code or pairing code follows.`;

/**
 * Creds from the store (or new ones), keys through the cache. Never useMultiFileAuthState.
 * Stored creds that cannot log in (undecryptable, or partial) are cleared here and replaced
 * by new ones, so the session links afresh instead of crashing on every login.
 */
export async function loadAuthState(store: AuthStore, logger: Logger, now: () => number): Promise<LoadedAuth> {
  let stored: AuthenticationCreds | null;
  let discarded: DiscardedCreds | null = null;
  try {
    stored = (await store.readCreds()) as AuthenticationCreds | null;
  } catch (err) {
    // only unreadable data; a store that cannot be reached must never cost the login
    if (!(err instanceof AuthStateDecryptError) && !(err instanceof SyntaxError)) throw err;
    logger.warn({ err }, "stored creds cannot be read: linking afresh");
    stored = null;
    discarded = {
      reason: "stored_creds_unreadable",
      message: discardMessage("The stored login could not be decrypted or read."),
    };
  }
  const problem = stored === null ? null : credsProblem(stored);
  if (problem) {
    logger.warn({ problem }, "stored creds cannot log in: linking afresh");
    stored = null;
    discarded = {
      reason: "stored_creds_incomplete",
      message: discardMessage(`The stored login is incomplete: ${problem}.`),
    };
  }
  if (discarded) await store.clear();
  const creds = stored ?? initAuthCreds();
  const cache = new SignalKeyCache(now);
  const durable = signalKeyStore(store);
  const keys = makeCacheableSignalKeyStore(durable, logger, cache);
  storeUnderCache.set(keys, {
    ...durable,
    // the cache drops what was written under it: a send that fails before its commit leaves
    // no older session there (the next read takes the stored one)
    set: async (data) => {
      try {
        await durable.set(data);
      } finally {
        for (const [type, byId] of Object.entries(data))
          for (const id of Object.keys(byId ?? {})) cache.del(`${type}.${id}`);
      }
    },
  });
  return {
    fresh: stored === null,
    discarded,
    state: { creds, keys },
    stored: { json: stored === null ? null : credsJson(stored) },
  };
}

const storeUnderCache = new WeakMap<SignalKeyStore, SignalKeyStore>();

/**
 * The store under the cache of keys made by loadAuthState (else `keys`): a send's encrypts
 * store their sessions there before the node leaves (signal-repository.ts). Not through the
 * cache, whose set holds a lock for the whole write and so made a send's encrypts (the
 * contact's devices, the account's own) write one after another instead of in one write; the
 * cache takes the sessions when the send's transaction commits, as it did before.
 */
export function keysUnderCache(keys: SignalKeyStore): SignalKeyStore {
  return storeUnderCache.get(keys) ?? keys;
}

/**
 * Persists creds after each `creds.update`, one write at a time; updates that arrive during a
 * write are folded into the next one, which always writes the latest creds. Creds equal to what
 * is stored already (`stored`, shared by the session's sockets) are not written again: a login
 * repeats updates (own LID, routing info) that change nothing, each a fenced transaction.
 */
export class CredsWriter {
  private inFlight: Promise<void> | null = null;
  private dirty = false;

  constructor(
    private readonly store: AuthStore,
    private readonly creds: () => AuthenticationCreds,
    private readonly stored: { json: string | null } = { json: null },
  ) {}

  schedule(): Promise<void> {
    this.dirty = true;
    this.inFlight ??= this.drain();
    return this.inFlight;
  }

  /** Waits for pending writes (used before handing a session over). */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const creds = this.creds();
        const json = credsJson(creds);
        if (json === this.stored.json) {
          // (a drain that writes nothing must still end after schedule() kept it as in flight)
          await Promise.resolve();
          continue;
        }
        await this.store.writeCreds(creds);
        this.stored.json = json;
      }
    } finally {
      this.inFlight = null;
    }
  }
}
