import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "./cli";

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
