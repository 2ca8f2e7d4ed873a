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
import { createMemoryKeyStore } from "./memory-store";

/** What a peer needs to start a Signal session with a device (raw 32-byte keys). */
export interface KeyBundle {
  registrationId: number;
  identityKey: Buffer;
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer };
  preKey?: { keyId: number; publicKey: Buffer };
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
  private nextPreKeyId = 1;
  /** Which device generation (link key index) each remote address's session was built for. */
  private readonly sessionGenerations = new Map<string, number>();

  constructor(private readonly logger: Logger) {}

  get creds(): PartyCreds {
    if (!this.credsValue) {
      const identity = Curve.generateKeyPair() as KeyPair;
      let signedPreKey: SignedKeyPair | undefined;
      this.credsValue = {
        signedIdentityKey: identity,
        // Signing costs ~8 ms of pure-JS curve math: only pay it once the party does Signal at all
        // (linking needs just the identity key).
        get signedPreKey() {
          signedPreKey ??= signedKeyPair(identity, 1);
          return signedPreKey;
        },
        registrationId: randomInt(1, 16380),
      };
    }
    return this.credsValue;
  }

  get identityKey(): KeyPair {
    return this.creds.signedIdentityKey;
  }

  /** A fresh bundle with a new one-time prekey (kept until a pkmsg consumes it). */
  async bundle(): Promise<KeyBundle> {
    const { keys } = this.repository();
    const { signedPreKey, signedIdentityKey, registrationId } = this.creds;
    const keyId = this.nextPreKeyId++;
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
    const plaintext = await this.repository().repo.decryptMessage({ jid, type, ciphertext });
    if (type === "pkmsg") this.sessionGenerations.set(jid, generation);
    return plaintext;
  }

  private repository(): { repo: SignalRepositoryWithLIDStore; keys: SignalKeyStoreWithTransaction } {
    if (!this.repo || !this.keys) {
      this.keys = addTransactionCapability(createMemoryKeyStore(), this.logger, {
        maxCommitRetries: 1,
        delayBetweenTriesMs: 0,
      });
      this.repo = makeLibSignalRepository({ creds: this.creds, keys: this.keys }, this.logger);
    }
    return { repo: this.repo, keys: this.keys };
  }
}
