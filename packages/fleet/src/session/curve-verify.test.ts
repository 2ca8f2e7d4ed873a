import { randomBytes } from "node:crypto";
import * as pureJs from "curve25519-js";
import { verifySignature } from "libsignal/src/curve.js";
import { describe, expect, it } from "vitest";

// libsignal's signature check runs in Node's native Ed25519 (patches/libsignal@6.0.0.patch);
// these tests hold it to curve25519-js, the pure-JS check it replaces.
const ORDER = (1n << 252n) + 27742317777372353535851937790883648493n;
const signalKey = (pub: Uint8Array) => Buffer.concat([Buffer.from([5]), pub]);
const littleEndian = (bytes: Uint8Array) => bytes.reduceRight((v, b) => (v << 8n) | BigInt(b), 0n);
const toLittleEndian = (value: bigint) => {
  const out = Buffer.alloc(32);
  for (let i = 0, v = value; i < 32; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
};

function signed(messageBytes = 48) {
  const pair = pureJs.generateKeyPair(randomBytes(32));
  const message = randomBytes(messageBytes);
  const signature = Buffer.from(pureJs.sign(pair.private, message, randomBytes(64)));
  return { pub: Buffer.from(pair.public), message, signature };
}

const flipBit = (bytes: Buffer, bit: number) => {
  const copy = Buffer.from(bytes);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
};

describe("libsignal's curve25519 signature check on Node's Ed25519", () => {
  it("agrees with curve25519-js on good signatures and on any flipped bit of key, message or signature", () => {
    for (let i = 0; i < 100; i++) {
      const { pub, message, signature } = signed(1 + (i % 90));
      const cases: Array<[Buffer, Buffer, Buffer]> = [
        [pub, message, signature],
        [pub, flipBit(message, i % (message.length * 8)), signature],
        [pub, message, flipBit(signature, i % 512)],
        [flipBit(pub, i % 256), message, signature],
        // the sign bit the signature carries for the key's Edwards form
        [pub, message, flipBit(signature, 511)],
      ];
      for (const [key, msg, sig] of cases) {
        expect(verifySignature(signalKey(key), msg, sig)).toBe(pureJs.verify(key, msg, sig));
      }
      expect(verifySignature(signalKey(pub), message, signature)).toBe(true);
    }
  });

  it("refuses a signature whose s is not reduced (s + L), which the pure-JS check took", () => {
    const { pub, message, signature } = signed();
    const signBit = signature[63]! & 0x80;
    const s = littleEndian(Uint8Array.from(signature.subarray(32), (b, i) => (i === 31 ? b & 0x7f : b)));
    const unreduced = toLittleEndian(s + ORDER);
    unreduced[31]! |= signBit;
    const malleable = Buffer.concat([signature.subarray(0, 32), unreduced]);
    expect(pureJs.verify(pub, message, malleable)).toBe(true);
    expect(verifySignature(signalKey(pub), message, malleable)).toBe(false);
  });

  it("answers false, not an error, for a key that is no point on the curve", () => {
    const { message, signature } = signed();
    // u = p - 1 has no Edwards form (u + 1 = 0); curve25519-js refuses it too
    const noPoint = toLittleEndian((1n << 255n) - 20n);
    expect(verifySignature(signalKey(noPoint), message, signature)).toBe(pureJs.verify(noPoint, message, signature));
    expect(verifySignature(signalKey(noPoint), message, signature)).toBe(false);
  });
});
