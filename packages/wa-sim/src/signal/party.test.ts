import pino from "pino";
import { describe, expect, it } from "vitest";
import { SignalParty } from "./party";

const logger = pino({ level: "silent" });
const CONTACT = "4915100000888@s.whatsapp.net";
const DEVICE = "4915100000111:7@s.whatsapp.net";
const text = (s: string) => Buffer.from(s, "utf8");
const read = (b: Uint8Array) => Buffer.from(b).toString("utf8");

describe("a simulated party's Signal sessions", () => {
  it("starts a session from the bundle only when it has none for the device's generation", async () => {
    const contact = new SignalParty(logger);
    const device = new SignalParty(logger);
    let bundles = 0;
    const bundle = () => {
      bundles++;
      return device.bundle();
    };
    const a = await contact.encryptFor(DEVICE, 0, bundle, text("c1"));
    const b = await contact.encryptFor(DEVICE, 0, bundle, text("c2"));
    expect(bundles).toBe(1);
    expect(read(await device.decrypt(CONTACT, a.type, a.ciphertext, 0))).toBe("c1");
    expect(read(await device.decrypt(CONTACT, b.type, b.ciphertext, 0))).toBe("c2");
    // a relinked device (next generation) gets a fresh session
    await contact.encryptFor(DEVICE, 1, bundle, text("c3"));
    expect(bundles).toBe(2);
  });
});
