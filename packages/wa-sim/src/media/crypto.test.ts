import { encryptedStream, getMediaKeys } from "@whiskeysockets/baileys";
import { createDecipheriv, randomBytes, X509Certificate } from "node:crypto";
import { readFile, unlink } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { simulatorMediaCaPem, simulatorMediaServerCertificate } from "./certificates";
import { decryptAndVerify, encryptMedia, MediaVerificationError } from "./crypto";

const reasonOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof MediaVerificationError) return err.reason;
    throw err;
  }
  return undefined;
};

describe("media encryption", () => {
  it("decrypts what Baileys' own encryptedStream produced, checking its hashes", async () => {
    const file = randomBytes(10_000);
    const enc = await encryptedStream(file, "image");
    const encrypted = await readFile(enc.encFilePath);
    await unlink(enc.encFilePath);
    const plain = decryptAndVerify(encrypted, "image", { ...enc, fileLength: enc.fileLength });
    expect(plain.equals(file)).toBe(true);
  });

  it("encrypts so that Baileys' media keys decrypt it (HKDF per type)", async () => {
    const file = randomBytes(777);
    const enc = encryptMedia(file, "audio");
    const { iv, cipherKey } = await getMediaKeys(enc.mediaKey, "audio");
    const decipher = createDecipheriv("aes-256-cbc", cipherKey, iv);
    const body = enc.encrypted.subarray(0, enc.encrypted.length - 10);
    expect(Buffer.concat([decipher.update(body), decipher.final()]).equals(file)).toBe(true);
  });

  it("names the first check that fails: enc hash, MAC, key, plaintext hash, length", () => {
    const file = randomBytes(1000);
    const enc = encryptMedia(file, "document");
    const claims = { ...enc };
    const tampered = Buffer.from(enc.encrypted);
    tampered[5] = tampered[5]! ^ 1;
    expect(reasonOf(() => decryptAndVerify(tampered, "document", claims))).toBe("enc_hash_mismatch");
    expect(reasonOf(() => decryptAndVerify(tampered, "document", { ...claims, fileEncSha256: null }))).toBe(
      "mac_mismatch",
    );
    expect(reasonOf(() => decryptAndVerify(enc.encrypted, "document", { ...claims, mediaKey: randomBytes(32) }))).toBe(
      "mac_mismatch",
    );
    // the right key for another media type derives other keys
    expect(reasonOf(() => decryptAndVerify(enc.encrypted, "image", claims))).toBe("mac_mismatch");
    expect(
      reasonOf(() => decryptAndVerify(enc.encrypted, "document", { ...claims, fileSha256: randomBytes(32) })),
    ).toBe("hash_mismatch");
    expect(reasonOf(() => decryptAndVerify(enc.encrypted, "document", { ...claims, fileLength: 999 }))).toBe(
      "length_mismatch",
    );
  });
});

describe("the simulator's media CA", () => {
  it("is the same certificate in every process (derived from a public seed) and issues the loopback server certificate", () => {
    const ca = new X509Certificate(simulatorMediaCaPem());
    expect(simulatorMediaCaPem()).toBe(ca.toString());
    expect(ca.ca).toBe(true);
    const server = new X509Certificate(simulatorMediaServerCertificate().cert);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(server.checkHost("localhost")).toBe("localhost");
    expect(server.checkIP("10.0.0.1")).toBeUndefined();
  });

  it("differs for another seed: its certificates do not verify against the default CA", () => {
    const other = new X509Certificate(simulatorMediaServerCertificate(["127.0.0.1"], "another-seed").cert);
    const ca = new X509Certificate(simulatorMediaCaPem());
    expect(simulatorMediaCaPem("another-seed")).not.toBe(simulatorMediaCaPem());
    expect(other.verify(ca.publicKey)).toBe(false);
  });
});
