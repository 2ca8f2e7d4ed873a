import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createBaileysLogger } from "./baileys-logger";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, logger: createBaileysLogger("info", { workerId: "wrk_x" }, stream) };
}

describe("Baileys logger", () => {
  it("writes no phone numbers in clear, in fields, nested nodes or the message", () => {
    const { lines, logger } = capture();
    logger.info(
      {
        jid: "4915123456789:3@s.whatsapp.net",
        node: { attrs: { from: "4915123456789@s.whatsapp.net", phone: "4915123456789" } },
      },
      "sending to 4915123456789@s.whatsapp.net",
    );
    logger.error({ err: new Error("no session for 4915123456789@s.whatsapp.net") }, "failed");
    const out = lines.join("\n");
    expect(out).not.toContain("4915123456789");
    expect(out).toContain("@s.whatsapp.net");
    expect(out).toContain('"lib":"baileys"');
  });

  it("writes no push names, as Baileys logs them when the account's name arrives", () => {
    const { lines, logger } = capture();
    logger.info({ name: "Acme Support" }, "updated pushName");
    logger.info({ node: { tag: "presence", attrs: { name: "Acme Support" } }, msg: { pushName: "Anna B" } }, "sent");
    const out = lines.join("\n");
    expect(out).not.toContain("Acme Support");
    expect(out).not.toContain("Anna B");
    expect(out).toContain("updated pushName");
  });

  it("replaces binary blobs by their size", () => {
    const { lines, logger } = capture();
    logger.info({ key: Buffer.alloc(32, 7) }, "key");
    expect(lines[0]).toContain("<32 bytes>");
  });
});
