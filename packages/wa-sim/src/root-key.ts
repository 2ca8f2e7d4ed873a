import { createHash, createPrivateKey, createPublicKey } from "node:crypto";

/** A Curve25519 key pair in the raw 32-byte form Baileys' `Curve` helpers use. */
export interface KeyPair {
  public: Buffer;
  private: Buffer;
}

/**
 * Seed of the simulator's certificate root. The root is derived from it so that any process
 * (a child started with the preload, a test, a benchmark) can trust the simulator without
 * talking to it first. It is a public constant on purpose: this key only ever signs the
 * simulator's own certificate chain.
 */
export const DEFAULT_ROOT_SEED = "wharf-wa-sim-root-v1";

// DER prefix of a PKCS#8 X25519 private key; the raw 32-byte scalar follows it.
const PKCS8_X25519_PREFIX = Buffer.from([48, 46, 2, 1, 0, 48, 5, 6, 3, 43, 101, 110, 4, 34, 4, 32]);
// DER prefix of an SPKI X25519 public key.
const SPKI_X25519_PREFIX_LENGTH = 12;

/** Derives a deterministic, clamped Curve25519 key pair from a label (sha256 of the label). */
export function keyPairFromSeed(seed: string): KeyPair {
  const priv = createHash("sha256").update(seed).digest();
  priv[0] = priv[0]! & 248;
  priv[31] = (priv[31]! & 127) | 64;
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, priv]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(key).export({ type: "spki", format: "der" });
  return { private: priv, public: Buffer.from(spki.subarray(SPKI_X25519_PREFIX_LENGTH)) };
}

/** Public half of the simulator root for a seed (the default seed unless the simulator was given another). */
export function simulatorRootPublicKey(seed: string = DEFAULT_ROOT_SEED): Buffer {
  return keyPairFromSeed(seed).public;
}
