import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { WORKER_NODE_FLAGS } from "./node-flags";

const dockerfile = readFileSync(new URL("../Dockerfile", import.meta.url), "utf8");

describe("the worker's Node flags", () => {
  it("are the ones the fleet image starts the worker with", () => {
    const cmd = dockerfile.match(/^CMD (\[.*\])$/m)?.[1];
    expect(cmd, "the Dockerfile's CMD line").toBeDefined();
    expect(JSON.parse(cmd!)).toEqual(["node", ...WORKER_NODE_FLAGS, "dist/main.js"]);
  });

  it("are accepted by Node", () => {
    // a flag Node does not know ends the process before the worker starts: the task would crash-loop
    const run = spawnSync(process.execPath, [...WORKER_NODE_FLAGS, "-e", "0"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("keep the young generation at two 16 MB semi-spaces, where V8 would grow it further", () => {
    // survivors of every scavenge make V8 grow the young generation up to its limit
    const churn = `
      const v8 = require("node:v8");
      const keep = new Array(100000);
      let peak = 0;
      for (let i = 0; i < 3e6; i++) {
        keep[i % keep.length] = { i, s: "x".repeat(64) };
        if (i % 10000 === 0) {
          const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
          peak = Math.max(peak, young.space_size);
        }
      }
      console.log(peak);`;
    const youngPeakMb = (flags: readonly string[]) => {
      const run = spawnSync(process.execPath, [...flags, "-e", churn], { encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      return Number(run.stdout) / 1024 / 1024;
    };
    // the same churn under a larger limit grows past the cap: it is the flag that holds it
    expect(youngPeakMb(["--max-semi-space-size=64"])).toBeGreaterThan(2 * 16);
    expect(youngPeakMb(WORKER_NODE_FLAGS)).toBeLessThanOrEqual(2 * 16);
  });
});
