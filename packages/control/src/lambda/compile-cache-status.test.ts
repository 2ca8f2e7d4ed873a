import { describe, expect, it } from "vitest";
import { compileCacheStatus } from "./compile-cache-status";

describe("the cold start's compile cache status", () => {
  it("is off without NODE_COMPILE_CACHE", () => {
    expect(compileCacheStatus({}, () => "/var/task/.node-compile-cache/v24")).toBe("off");
  });

  it("is used when Node enabled the shipped cache, unmatched when it could not", () => {
    const env = { NODE_COMPILE_CACHE: "/var/task/.node-compile-cache" };
    expect(compileCacheStatus(env, () => "/var/task/.node-compile-cache/v24.11.0-arm64-1a2b3c4d-0")).toBe("used");
    // on Lambda's read-only task root Node cannot create a directory for its own build
    expect(compileCacheStatus(env, () => undefined)).toBe("unmatched");
  });

  it("asks this Node, not the environment: a cache this process never enabled is unmatched", () => {
    expect(compileCacheStatus({ NODE_COMPILE_CACHE: "/nowhere/.node-compile-cache" })).toBe("unmatched");
  });
});
