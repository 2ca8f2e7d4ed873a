import { addTransactionCapability, initAuthCreds } from "@whiskeysockets/baileys";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { MemoryAuthStore } from "../testing/fakes";
import { signalKeyStore } from "./baileys-auth";
import { makeSerialisedSignalRepository } from "./signal-repository";

const logger = pino({ level: "silent" });
const ME = "4915100000001:1@s.whatsapp.net";

function repository() {
  const keys = addTransactionCapability(signalKeyStore(new MemoryAuthStore()), logger, {
    maxCommitRetries: 1,
    delayBetweenTriesMs: 0,
  });
  const creds = { ...initAuthCreds(), me: { id: ME } };
  return { keys, repo: makeSerialisedSignalRepository({ creds, keys }, logger) };
}

describe("the serialised Signal repository", () => {
  it("waits for a send's transaction under the account before touching a contact's session", async () => {
    const { keys, repo } = repository();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    // what relayMessage does: one transaction keyed by creds.me.id around the whole fan-out
    const send = keys.transaction(async () => {
      await gate;
      order.push("send committed");
    }, ME);
    const inbound = repo.deleteSession(["4915100000002@s.whatsapp.net"]).then(() => order.push("inbound"));
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    release();
    await Promise.all([send, inbound]);
    expect(order).toEqual(["send committed", "inbound"]);
  });

  it("joins a transaction that is already open instead of waiting for it", async () => {
    const { keys, repo } = repository();
    const inside = await keys.transaction(async () => {
      await repo.deleteSession(["4915100000002@s.whatsapp.net"]);
      return "done";
    }, ME);
    expect(inside).toBe("done");
  });
});
