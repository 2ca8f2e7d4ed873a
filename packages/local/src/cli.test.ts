import { describe, expect, it } from "vitest";
import { parseCliArgs, readTrustRoot, UsageError } from "./cli";

const ctx = { cwd: "/home/me/project", defaultDataDir: "/repo/.wharf" };

describe("npm start flags", () => {
  it("defaults to port 4000, loopback, persistent data at the repo root", () => {
    expect(parseCliArgs([], ctx)).toEqual({
      port: 4000,
      host: "127.0.0.1",
      dataDir: "/repo/.wharf",
      inMemory: false,
      workers: 1,
      sim: false,
      verbose: false,
      help: false,
    });
  });

  it("reads every flag, resolving a relative data dir against where npm was run", () => {
    expect(
      parseCliArgs(
        [
          "--port",
          "5001",
          "--host",
          "0.0.0.0",
          "--data-dir",
          "tmp/w",
          "--in-memory",
          "--workers",
          "2",
          "--sim",
          "--verbose",
        ],
        ctx,
      ),
    ).toEqual({
      port: 5001,
      host: "0.0.0.0",
      dataDir: "/home/me/project/tmp/w",
      inMemory: true,
      workers: 2,
      sim: true,
      verbose: true,
      help: false,
    });
    expect(parseCliArgs(["--data-dir=/abs/dir"], ctx).dataDir).toBe("/abs/dir");
  });

  it("rejects bad numbers and unknown flags with a usage error", () => {
    for (const argv of [
      ["--port", "http"],
      ["--port", "70000"],
      ["--port", "-1"],
      ["--workers", "1.5"],
      ["--loud"],
      ["stray"],
    ]) {
      expect(() => parseCliArgs(argv, ctx), argv.join(" ")).toThrow(UsageError);
    }
  });
});

describe("npm start: a WhatsApp Web stand-in", () => {
  it("takes --wa-url and --wa-trust-root, resolving the file against where npm was run", () => {
    expect(
      parseCliArgs(["--wa-url", "wss://wa.example.test/ws/chat", "--wa-trust-root", "keys/root.hex"], ctx).wa,
    ).toEqual({ url: "wss://wa.example.test/ws/chat", trustRootFile: "/home/me/project/keys/root.hex" });
    expect(parseCliArgs(["--wa-url", "ws://127.0.0.1:9000/ws/chat"], ctx).wa).toEqual({
      url: "ws://127.0.0.1:9000/ws/chat",
    });
    expect(parseCliArgs([], ctx).wa).toBeUndefined();
  });

  it("refuses a non-WebSocket URL, a trust root without a URL, and either with --sim", () => {
    expect(() => parseCliArgs(["--wa-url", "https://example.test"], ctx)).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => parseCliArgs(["--wa-trust-root", "root.hex"], ctx)).toThrow(/needs --wa-url/);
    expect(() => parseCliArgs(["--sim", "--wa-url", "ws://127.0.0.1:1/ws/chat"], ctx)).toThrow(UsageError);
  });

  it("reads the trust root as 64 hex characters or 32 raw bytes, and nothing else", () => {
    const key = Buffer.alloc(32, 7);
    const files: Record<string, Buffer> = {
      "/hex": Buffer.from(`${key.toString("hex").toUpperCase()}\n`),
      "/raw": key,
      "/short": Buffer.from("abcd"),
    };
    const read = (p: string) => {
      const f = files[p];
      if (!f) throw new Error("ENOENT");
      return f;
    };
    expect(readTrustRoot("/hex", read)).toBe(key.toString("hex"));
    expect(readTrustRoot("/raw", read)).toBe(key.toString("hex"));
    expect(() => readTrustRoot("/short", read)).toThrow(/32-byte public key/);
    expect(() => readTrustRoot("/missing", read)).toThrow(/cannot read/);
  });
});
