import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AuthStateKeyring, authStateKeyId } from "./cipher";
import { AuthStateDecryptError } from "./errors";

describe("auth-state keyring", () => {
  const key = randomBytes(32);

  it("seals and opens with the same associated data", () => {
    const ring = new AuthStateKeyring(key);
    const sealed = ring.seal(Buffer.from("secret creds"), "pk\nsk");
    expect(sealed.kid).toBe(authStateKeyId(key));
    expect(sealed.blob.includes(Buffer.from("secret creds"))).toBe(false);
    expect(ring.open(sealed, "pk\nsk").toString()).toBe("secret creds");
  });

  it("refuses a value moved to another item (associated data differs)", () => {
    const ring = new AuthStateKeyring(key);
    const sealed = ring.seal(Buffer.from("x"), "TENANT#a\nAUTH#CREDS");
    expect(() => ring.open(sealed, "TENANT#b\nAUTH#CREDS")).toThrow(AuthStateDecryptError);
  });

  it("refuses a tampered ciphertext", () => {
    const ring = new AuthStateKeyring(key);
    const sealed = ring.seal(Buffer.from("hello"), "a");
    sealed.blob[sealed.blob.length - 1]! ^= 1;
    expect(() => ring.open(sealed, "a")).toThrow(/failed authentication/);
  });

  it("opens values of a previous key after rotation and seals new ones with the current key", () => {
    const old = new AuthStateKeyring(key);
    const sealed = old.seal(Buffer.from("before rotation"), "a");
    const next = randomBytes(32);
    const rotated = new AuthStateKeyring(next, [key]);
    expect(rotated.open(sealed, "a").toString()).toBe("before rotation");
    expect(rotated.seal(Buffer.from("after"), "a").kid).toBe(authStateKeyId(next));
  });

  it("names the missing key when a value was sealed with a key it does not have", () => {
    const sealed = new AuthStateKeyring(key).seal(Buffer.from("x"), "a");
    expect(() => new AuthStateKeyring(randomBytes(32)).open(sealed, "a")).toThrow(new RegExp(sealed.kid));
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(() => new AuthStateKeyring(randomBytes(16))).toThrow(/32 bytes/);
  });
});
