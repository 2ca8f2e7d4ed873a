import { proto, WA_CERT_DETAILS } from "@whiskeysockets/baileys";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { keyPairFromSeed, simulatorRootPublicKey } from "../root-key";
import { buildCertChain } from "./certificate";

// Baileys' Curve.verify wraps libsignal's verifySignature in try/catch, but libsignal 6 returns
// false instead of throwing, so rc14 accepts any 64-byte signature. Check the chain strictly here,
// with the same libsignal Baileys ships, so the chain stays valid if Baileys fixes its check.
const requireFromBaileys = createRequire(createRequire(import.meta.url).resolve("@whiskeysockets/baileys"));
const curve = requireFromBaileys("libsignal/src/curve.js") as {
  verifySignature(pub: Buffer, msg: Uint8Array, sig: Uint8Array): boolean;
};
const verify = (pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean =>
  curve.verifySignature(Buffer.concat([Buffer.from([5]), pub]), msg, sig);

describe("simulator certificate chain", () => {
  const serverStatic = keyPairFromSeed("test-static");
  const chain = proto.CertChain.decode(buildCertChain("test-root", serverStatic));
  const intermediate = proto.CertChain.NoiseCertificate.Details.decode(chain.intermediate!.details!);
  const leaf = proto.CertChain.NoiseCertificate.Details.decode(chain.leaf!.details!);

  it("chains root → intermediate (issuerSerial 0) → leaf for the server static key", () => {
    expect(intermediate.issuerSerial).toBe(WA_CERT_DETAILS.SERIAL);
    expect(
      verify(simulatorRootPublicKey("test-root"), chain.intermediate!.details!, chain.intermediate!.signature!),
    ).toBe(true);
    expect(verify(intermediate.key!, chain.leaf!.details!, chain.leaf!.signature!)).toBe(true);
    expect(Buffer.from(leaf.key!).equals(serverStatic.public)).toBe(true);
  });

  it("does not verify against any other root (WhatsApp's or another seed)", () => {
    const details = chain.intermediate!.details!;
    const signature = chain.intermediate!.signature!;
    expect(
      verify(
        Buffer.from("142375574d0a587166aae71ebe516437c4a28b73e3695c6ce1f7f9545da8ee6b", "hex"),
        details,
        signature,
      ),
    ).toBe(false);
    expect(verify(simulatorRootPublicKey("other-root"), details, signature)).toBe(false);
  });
});
