import {
  addTransactionCapability,
  Curve,
  generateSignalPubKey,
  signedKeyPair,
  type SignalKeyStoreWithTransaction,
  type SignedKeyPair,
} from "@whiskeysockets/baileys";
import { makeLibSignalRepository } from "@whiskeysockets/baileys/lib/Signal/libsignal.js";
import type { SignalRepositoryWithLIDStore } from "@whiskeysockets/baileys/lib/Types/Signal.js";
import { randomInt } from "node:crypto";
import type { Logger } from "pino";
import type { KeyPair } from "../root-key";
import { createMemoryKeyStore, type KeyStoreDump, type MemoryKeyStore } from "./memory-store";

/** A session bundle as Baileys reads it from a retry receipt (`extractE2ESessionFromRetryReceipt`). */
export type E2ESession = Parameters<SignalRepositoryWithLIDStore["injectE2ESession"]>[0]["session"];

/** What a peer needs to start a Signal session with a device (raw 32-byte keys). */
export interface KeyBundle {
  registrationId: number;
  identityKey: Buffer;
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer };
  preKey?: { keyId: number; publicKey: Buffer };
}

/** Everything a party knows, as plain data (Buffers inside): what the simulator's state store saves. */
export interface SignalPartySnapshot {
  /** absent while the party never needed keys */
  creds?: { identity: KeyPair; signedPreKey?: SignedKeyPair; registrationId: number };
  nextPreKeyId: number;
  sessionGenerations: Record<string, number>;
  keys: KeyStoreDump;
}

interface PartyCreds {
  signedIdentityKey: KeyPair;
  readonly signedPreKey: SignedKeyPair;
  registrationId: number;
}

/**
 * One simulated Signal device (a contact's phone or an account's phone) built on Baileys' own
 * libsignal repository over an in-memory store with Baileys' transaction capability. Keys and the
 * repository are created on first use: a benchmark that only logs in never pays for them.
 */
export class SignalParty {
  private credsValue: PartyCreds | undefined;
  private repo: SignalRepositoryWithLIDStore | undefined;
  private keys: SignalKeyStoreWithTransaction | undefined;
  private store: MemoryKeyStore | undefined;
  private nextPreKeyId = 1;
  /** Which device generation (link key index) each remote address's session was built for. */
  private readonly sessionGenerations = new Map<string, number>();
  /** a restored snapshot's keys, until the repository is first needed */
  private restoredKeys: KeyStoreDump | undefined;
  /** the signed prekey once generated (lazily, see creds) */
  private signedPreKeyValue: SignedKeyPair | undefined;

  /** `onChange` hears every change of keys or sessions (the simulator saves its state after them). */
  constructor(
    private readonly logger: Logger,
    private readonly onChange: () => void = () => undefined,
  ) {}

  /** A party as it was saved by `snapshot()`. */
  static restore(logger: Logger, saved: SignalPartySnapshot, onChange?: () => void): SignalParty {
    const party = new SignalParty(logger, onChange);
    if (saved.creds) {
      party.signedPreKeyValue = saved.creds.signedPreKey;
      party.credsValue = party.buildCreds(saved.creds.identity, saved.creds.registrationId);
    }
    party.nextPreKeyId = saved.nextPreKeyId;
    for (const [jid, generation] of Object.entries(saved.sessionGenerations))
      party.sessionGenerations.set(jid, generation);
    party.restoredKeys = saved.keys;
    return party;
  }

  snapshot(): SignalPartySnapshot {
    return {
      ...(this.credsValue
        ? {
            creds: {
              identity: this.credsValue.signedIdentityKey,
              ...(this.signedPreKeyValue ? { signedPreKey: this.signedPreKeyValue } : {}),
              registrationId: this.credsValue.registrationId,
            },
          }
        : {}),
      nextPreKeyId: this.nextPreKeyId,
      sessionGenerations: Object.fromEntries(this.sessionGenerations),
      keys: this.store?.dump() ?? this.restoredKeys ?? {},
    };
  }

  get creds(): PartyCreds {
    if (!this.credsValue) {
      this.credsValue = this.buildCreds(Curve.generateKeyPair() as KeyPair, randomInt(1, 16380));
      this.onChange();
    }
    return this.credsValue;
  }

  private buildCreds(identity: KeyPair, registrationId: number): PartyCreds {
    const party = this;
    return {
      signedIdentityKey: identity,
      // Signing costs ~8 ms of pure-JS curve math: only pay it once the party does Signal at all
      // (linking needs just the identity key).
      get signedPreKey() {
        if (!party.signedPreKeyValue) {
          party.signedPreKeyValue = signedKeyPair(identity, 1);
          party.onChange();
        }
        return party.signedPreKeyValue;
      },
      registrationId,
    };
  }

  get identityKey(): KeyPair {
    return this.creds.signedIdentityKey;
  }

  /** A fresh bundle with a new one-time prekey (kept until a pkmsg consumes it). */
  async bundle(): Promise<KeyBundle> {
    const { keys } = this.repository();
    const { signedPreKey, signedIdentityKey, registrationId } = this.creds;
    const keyId = this.nextPreKeyId++;
    this.onChange();
    const preKey = Curve.generateKeyPair();
    await keys.set({ "pre-key": { [keyId]: preKey } });
    return {
      registrationId,
      identityKey: Buffer.from(signedIdentityKey.public),
      signedPreKey: {
        keyId: signedPreKey.keyId,
        publicKey: Buffer.from(signedPreKey.keyPair.public),
        signature: Buffer.from(signedPreKey.signature),
      },
      preKey: { keyId, publicKey: Buffer.from(preKey.public) },
    };
  }

  /**
   * Encrypts for `jid`, first starting a session from `bundle()` when there is none for this
   * generation. Check, start and encrypt take one turn with `decrypt`: a decrypt of the peer's
   * pkmsg in between built a session that the start then deleted, and the peer's next messages
   * under it could not be decrypted (seen as "Bad MAC" when both sides write at once).
   */
  async encryptFor(
    jid: string,
    generation: number,
    bundle: () => KeyBundle | Promise<KeyBundle>,
    data: Uint8Array,
  ): Promise<{ type: "pkmsg" | "msg"; ciphertext: Uint8Array; session: string | undefined }> {
    return this.exclusive(jid, async () => {
      if (!(await this.hasSession(jid, generation))) await this.startSession(jid, generation, await bundle());
      const out = await this.encrypt(jid, data);
      return { ...out, session: await this.sessionId(jid) };
    });
  }

  /**
   * What a sender does with a retry receipt: a bundle in it starts a new session, unless the
   * session the message went out under was already replaced (an earlier retry of the same
   * burst did it): then the resend takes the current one. Without a bundle the session stays.
   */
  async sessionForRetry(jid: string, generation: number, sentUnder: string | undefined, bundle: E2ESession | null) {
    return this.exclusive(jid, async () => {
      const current = await this.sessionId(jid);
      if (bundle && (current === undefined || current === sentUnder)) {
        await this.repository().repo.deleteSession([jid]);
        await this.repository().repo.injectE2ESession({ jid, session: bundle });
        this.sessionGenerations.set(jid, generation);
        this.onChange();
      }
    });
  }

  /** The base key (base64) of the open session with `jid`: what tells one session from the next. */
  private async sessionId(jid: string): Promise<string | undefined> {
    const info = await this.repository().repo.getSessionInfo(jid);
    return info?.baseKey ? Buffer.from(info.baseKey).toString("base64") : undefined;
  }

  /** Whether an open session exists with `jid` for the given device generation. */
  async hasSession(jid: string, generation: number): Promise<boolean> {
    if (this.sessionGenerations.get(jid) !== generation) return false;
    const { repo } = this.repository();
    return (await repo.validateSession(jid)).exists;
  }

  async startSession(jid: string, generation: number, bundle: KeyBundle): Promise<void> {
    const { repo } = this.repository();
    await repo.deleteSession([jid]);
    await repo.injectE2ESession({
      jid,
      session: {
        registrationId: bundle.registrationId,
        identityKey: generateSignalPubKey(bundle.identityKey),
        signedPreKey: {
          keyId: bundle.signedPreKey.keyId,
          publicKey: generateSignalPubKey(bundle.signedPreKey.publicKey),
          signature: bundle.signedPreKey.signature,
        },
        preKey: bundle.preKey
          ? { keyId: bundle.preKey.keyId, publicKey: generateSignalPubKey(bundle.preKey.publicKey) }
          : undefined,
      } as Parameters<SignalRepositoryWithLIDStore["injectE2ESession"]>[0]["session"],
    });
    this.sessionGenerations.set(jid, generation);
    this.onChange();
  }

  async forgetSession(jid: string): Promise<void> {
    this.sessionGenerations.delete(jid);
    await this.repository().repo.deleteSession([jid]);
  }

  async encrypt(jid: string, data: Uint8Array): Promise<{ type: "pkmsg" | "msg"; ciphertext: Uint8Array }> {
    return this.repository().repo.encryptMessage({ jid, data });
  }

  /** Decrypts a message from `jid`; a pkmsg also (re)binds the session to `generation`. */
  async decrypt(jid: string, type: "pkmsg" | "msg", ciphertext: Uint8Array, generation: number): Promise<Uint8Array> {
    return this.exclusive(jid, async () => {
      const plaintext = await this.repository().repo.decryptMessage({ jid, type, ciphertext });
      if (type === "pkmsg") {
        this.sessionGenerations.set(jid, generation);
        this.onChange();
      }
      return plaintext;
    });
  }

  /** Encrypts a group message under this party's sender key (`meId` names it), with the SKDM that shares it. */
  async encryptGroup(group: string, meId: string, data: Uint8Array) {
    return this.repository().repo.encryptGroupMessage({ group, meId, data });
  }

  /** Takes up a group sender's key from a SenderKeyDistributionMessage (as a receiving client does). */
  async processSenderKey(
    authorJid: string,
    item: { groupId?: string | null; axolotlSenderKeyDistributionMessage?: Uint8Array | null },
  ) {
    await this.repository().repo.processSenderKeyDistributionMessage({ authorJid, item: item as never });
  }

  /** Decrypts a group message (skmsg) from `authorJid`; throws without that sender's key. */
  async decryptGroup(group: string, authorJid: string, msg: Uint8Array): Promise<Uint8Array> {
    return this.repository().repo.decryptGroupMessage({ group, authorJid, msg });
  }

  /** Runs `work` in the key store's transaction for `jid`: one Signal step at a time per peer. */
  private exclusive<T>(jid: string, work: () => Promise<T>): Promise<T> {
    return this.repository().keys.transaction(work, jid);
  }

  private repository(): { repo: SignalRepositoryWithLIDStore; keys: SignalKeyStoreWithTransaction } {
    if (!this.repo || !this.keys) {
      this.store = createMemoryKeyStore(this.restoredKeys, this.onChange);
      this.restoredKeys = undefined;
      this.keys = addTransactionCapability(this.store, this.logger, {
        maxCommitRetries: 1,
        delayBetweenTriesMs: 0,
      });
      this.repo = makeLibSignalRepository({ creds: this.creds, keys: this.keys }, this.logger);
    }
    return { repo: this.repo, keys: this.keys };
  }
}
