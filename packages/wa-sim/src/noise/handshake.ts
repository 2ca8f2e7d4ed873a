import { aesDecryptGCM, aesEncryptGCM, Curve, NOISE_MODE, proto, sha256 } from "@whiskeysockets/baileys";
import { hkdfSync } from "node:crypto";
import type { KeyPair } from "../root-key";

const EMPTY = Buffer.alloc(0);

const ivFor = (counter: number): Buffer => {
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(counter, 8);
  return iv;
};

const hkdf64 = (ikm: Uint8Array, salt: Uint8Array): [Buffer, Buffer] => {
  const out = Buffer.from(hkdfSync("sha256", ikm, salt, EMPTY, 64));
  return [out.subarray(0, 32), out.subarray(32)];
};

/** What the client proved in ClientFinish: its long-lived noise key and its ClientPayload. */
export interface ClientFinishResult {
  clientStatic: Buffer;
  payload: proto.ClientPayload;
}

/**
 * Server side of WhatsApp's Noise XX handshake (Noise_XX_25519_AESGCM_SHA256) and the transport
 * that follows it. Mirrors Baileys' Utils/noise-handler: one counter during the handshake, reset
 * on every mixKey; after it, separate read/write keys and counters with empty AAD.
 */
export class ServerNoise {
  private hash: Buffer;
  private salt: Buffer;
  private key: Buffer;
  private counter = 0;
  private ephemeral: KeyPair | undefined;
  private readKey: Buffer | undefined;
  private writeKey: Buffer | undefined;
  private readCounter = 0;
  private writeCounter = 0;

  constructor(
    private readonly serverStatic: KeyPair,
    private readonly certChain: Uint8Array,
  ) {
    const mode = Buffer.from(NOISE_MODE);
    this.hash = mode.length === 32 ? mode : sha256(mode);
    this.salt = this.hash;
    this.key = this.hash;
  }

  get isTransport(): boolean {
    return this.readKey !== undefined;
  }

  /** Handles ClientHello; returns the serialized HandshakeMessage{serverHello}. */
  serverHello(introHeader: Uint8Array, clientHelloFrame: Uint8Array): Uint8Array {
    const { clientHello } = proto.HandshakeMessage.decode(clientHelloFrame);
    const clientEphemeral = clientHello?.ephemeral;
    if (clientEphemeral?.length !== 32) throw new Error("ClientHello without a 32-byte ephemeral key");
    this.authenticate(introHeader);
    this.authenticate(clientEphemeral);
    const ephemeral = Curve.generateKeyPair() as KeyPair;
    this.ephemeral = ephemeral;
    this.authenticate(ephemeral.public);
    this.mixKey(Curve.sharedKey(ephemeral.private, clientEphemeral));
    const encStatic = this.encryptHandshake(this.serverStatic.public);
    this.mixKey(Curve.sharedKey(this.serverStatic.private, clientEphemeral));
    const encCert = this.encryptHandshake(this.certChain);
    return proto.HandshakeMessage.encode({
      serverHello: { ephemeral: ephemeral.public, static: encStatic, payload: encCert },
    }).finish();
  }

  /** Handles ClientFinish, switches to transport mode and returns the client's identity. */
  clientFinish(frame: Uint8Array): ClientFinishResult {
    if (!this.ephemeral) throw new Error("ClientFinish before ClientHello");
    const { clientFinish } = proto.HandshakeMessage.decode(frame);
    if (!clientFinish?.static || !clientFinish.payload) throw new Error("ClientFinish without static key or payload");
    const clientStatic = this.decryptHandshake(clientFinish.static);
    this.mixKey(Curve.sharedKey(this.ephemeral.private, clientStatic));
    const payload = proto.ClientPayload.decode(this.decryptHandshake(clientFinish.payload));
    const [clientToServer, serverToClient] = hkdf64(EMPTY, this.salt);
    this.readKey = clientToServer;
    this.writeKey = serverToClient;
    this.ephemeral = undefined;
    return { clientStatic, payload };
  }

  decrypt(ciphertext: Uint8Array): Buffer {
    if (!this.readKey) throw new Error("transport not ready");
    return aesDecryptGCM(Buffer.from(ciphertext), this.readKey, ivFor(this.readCounter++), EMPTY);
  }

  encrypt(plaintext: Uint8Array): Buffer {
    if (!this.writeKey) throw new Error("transport not ready");
    return aesEncryptGCM(plaintext, this.writeKey, ivFor(this.writeCounter++), EMPTY);
  }

  private authenticate(data: Uint8Array): void {
    this.hash = sha256(Buffer.concat([this.hash, data]));
  }

  private mixKey(ikm: Uint8Array): void {
    const [salt, key] = hkdf64(ikm, this.salt);
    this.salt = salt;
    this.key = key;
    this.counter = 0;
  }

  private encryptHandshake(plaintext: Uint8Array): Buffer {
    const result = aesEncryptGCM(plaintext, this.key, ivFor(this.counter++), this.hash);
    this.authenticate(result);
    return result;
  }

  private decryptHandshake(ciphertext: Uint8Array): Buffer {
    const result = aesDecryptGCM(Buffer.from(ciphertext), this.key, ivFor(this.counter++), this.hash);
    this.authenticate(ciphertext);
    return result;
  }
}
