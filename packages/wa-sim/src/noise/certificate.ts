import { Curve, proto } from "@whiskeysockets/baileys";
import { keyPairFromSeed, type KeyPair } from "../root-key";

const INTERMEDIATE_SERIAL = 1;
const LEAF_SERIAL = 2;
const YEAR_S = 365 * 24 * 3600;

/**
 * Builds the simulator's noise certificate chain: root (seed-derived) → intermediate → leaf for
 * the server static key. Baileys rc14 checks that the intermediate is signed by its pinned root
 * and has issuerSerial 0, and that the leaf is signed by the intermediate.
 */
export function buildCertChain(rootSeed: string, serverStatic: KeyPair): Uint8Array {
  const root = keyPairFromSeed(rootSeed);
  const intermediate = keyPairFromSeed(`${rootSeed}/intermediate`);
  const now = Math.floor(Date.now() / 1000);
  const intermediateDetails = proto.CertChain.NoiseCertificate.Details.encode({
    serial: INTERMEDIATE_SERIAL,
    issuerSerial: 0,
    key: intermediate.public,
    notBefore: now - YEAR_S,
    notAfter: now + 10 * YEAR_S,
  }).finish();
  const leafDetails = proto.CertChain.NoiseCertificate.Details.encode({
    serial: LEAF_SERIAL,
    issuerSerial: INTERMEDIATE_SERIAL,
    key: serverStatic.public,
    notBefore: now - 3600,
    notAfter: now + YEAR_S,
  }).finish();
  return proto.CertChain.encode({
    intermediate: { details: intermediateDetails, signature: Curve.sign(root.private, intermediateDetails) },
    leaf: { details: leafDetails, signature: Curve.sign(intermediate.private, leafDetails) },
  }).finish();
}
