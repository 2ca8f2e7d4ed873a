import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";
import { isIP } from "node:net";
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  octetString,
  oid,
  pem,
  sequence,
  set,
  utcTime,
  utf8String,
} from "./der";

/**
 * The simulator's own TLS certificate authority, for its media (upload/download) HTTPS server.
 * Like the noise root, it is derived from a public seed, so every process computes the very same
 * CA certificate without asking the simulator: Ed25519 signatures are deterministic, and validity
 * and serials are fixed. Only processes that are configured with it (see media/client-trust.ts)
 * accept the simulator's media host; everything else rejects it like any unknown CA.
 */
export const DEFAULT_MEDIA_CA_SEED = "wharf-wa-sim-media-ca-v1";

const ED25519 = sequence(oid("1.3.101.112"));
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const NOT_BEFORE = new Date("2024-01-01T00:00:00Z");
const NOT_AFTER = new Date("2049-12-31T23:59:59Z");

export interface SimulatorCertificate {
  /** PEM of the certificate. */
  cert: string;
  /** PEM (PKCS#8) of its private key. */
  key: string;
}

const seedKey = (label: string): KeyObject => {
  const seed = createHash("sha256").update(label).digest();
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
};

const spkiOf = (key: KeyObject): Buffer => createPublicKey(key).export({ type: "spki", format: "der" });
const keyId = (spki: Buffer): Buffer => createHash("sha1").update(spki).digest();
const name = (commonName: string): Buffer =>
  sequence(
    set(sequence(oid("2.5.4.10"), utf8String("Wharf WhatsApp simulator"))),
    set(sequence(oid("2.5.4.3"), utf8String(commonName))),
  );
const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));

function certificate(opts: {
  serial: Buffer;
  issuer: Buffer;
  subject: Buffer;
  subjectKey: KeyObject;
  signingKey: KeyObject;
  extensions: Buffer[];
}): Buffer {
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(opts.serial),
    ED25519,
    opts.issuer,
    sequence(utcTime(NOT_BEFORE), utcTime(NOT_AFTER)),
    opts.subject,
    spkiOf(opts.subjectKey),
    explicit(3, sequence(...opts.extensions)),
  );
  return sequence(tbs, ED25519, bitString(sign(null, tbs, opts.signingKey)));
}

const serialFor = (label: string): Buffer => createHash("sha256").update(label).digest().subarray(0, 16);

interface CaMaterial {
  key: KeyObject;
  spki: Buffer;
  subject: Buffer;
  cert: Buffer;
}

function caMaterial(seed: string): CaMaterial {
  const key = seedKey(`${seed}/ca`);
  const spki = spkiOf(key);
  const subject = name("wa-sim media CA");
  const cert = certificate({
    serial: serialFor(`${seed}/ca`),
    issuer: subject,
    subject,
    subjectKey: key,
    signingKey: key,
    extensions: [
      extension("2.5.29.19", true, sequence(boolean(true), integer(0))),
      // keyCertSign | cRLSign
      extension("2.5.29.15", true, bitString(Buffer.from([0x06]), 1)),
      extension("2.5.29.14", false, octetString(keyId(spki))),
    ],
  });
  return { key, spki, subject, cert };
}

/** The simulator's media CA certificate (PEM): what a simulator-trusting process adds to its trust. */
export function simulatorMediaCaPem(seed: string = DEFAULT_MEDIA_CA_SEED): string {
  return pem("CERTIFICATE", caMaterial(seed).cert);
}

/**
 * A server certificate for the media host, issued by the media CA, valid for the given host
 * names and IP addresses (loopback names by default).
 */
export function simulatorMediaServerCertificate(
  hosts: string[] = ["127.0.0.1", "::1", "localhost"],
  seed: string = DEFAULT_MEDIA_CA_SEED,
): SimulatorCertificate {
  const ca = caMaterial(seed);
  const key = seedKey(`${seed}/server`);
  const altNames = [...new Set(hosts)].map((host) => {
    if (isIP(host) === 4) return implicit(7, Buffer.from(host.split(".").map(Number)));
    if (isIP(host) === 6) return implicit(7, ipv6Bytes(host));
    return implicit(2, Buffer.from(host, "ascii"));
  });
  const cert = certificate({
    serial: serialFor(`${seed}/server/${hosts.join(",")}`),
    issuer: ca.subject,
    subject: name(hosts[0] ?? "wa-sim media"),
    subjectKey: key,
    signingKey: ca.key,
    extensions: [
      extension("2.5.29.19", true, sequence()),
      // digitalSignature
      extension("2.5.29.15", true, bitString(Buffer.from([0x80]), 7)),
      // serverAuth
      extension("2.5.29.37", false, sequence(oid("1.3.6.1.5.5.7.3.1"))),
      extension("2.5.29.17", false, sequence(...altNames)),
      extension("2.5.29.35", false, sequence(implicit(0, keyId(ca.spki)))),
    ],
  });
  return { cert: pem("CERTIFICATE", cert), key: key.export({ type: "pkcs8", format: "pem" }) as string };
}

function ipv6Bytes(address: string): Buffer {
  const [head = "", tail = ""] = address.split("::");
  const parts = (s: string) => (s ? s.split(":") : []);
  const h = parts(head);
  const t = parts(tail);
  const groups = address.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
  return Buffer.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}
