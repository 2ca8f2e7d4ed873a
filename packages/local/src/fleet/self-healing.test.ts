import { inject, afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalRuntime, type LocalRuntime } from "../runtime";
import { silent, waitFor } from "../data-path/test-kit";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The runtime replaces a fleet worker that dies, as ECS replaces a failed task. */
describe("local runtime: a dead fleet worker is restarted", () => {
  let rt: LocalRuntime;
  beforeAll(async () => {
    const stack = inject("wharfStack");
    rt = await startLocalRuntime({
      port: 0,
      realtimePort: 0,
      dataDir: mkdtempSync(join(tmpdir(), "wharf-heal-")),
      tableName: stack.tableName,
      region: stack.region,
      emulators: { dynamoEndpoint: stack.dynamoEndpoint, sqsEndpoint: stack.sqsEndpoint },
      queuePrefix: `heal${process.pid}x${Date.now().toString(36)}`,
      logger: silent,
      workers: 1,
      workerLogLevel: "warn",
      workerRestartBackoff: { baseMs: 200, capMs: 1_000, stableMs: 60_000 },
    });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  it("SIGKILL of the only worker brings up a new worker, listed in the runtime and in GET /v1/fleet", async () => {
    const first = { ...rt.workers[0]! };
    process.kill(first.pid, "SIGKILL");
    const next = await waitFor(
      "a replacement worker",
      async () => {
        const w = rt.workers[0];
        return w && w.pid !== first.pid && alive(w.pid) ? { ...w } : null;
      },
      90_000,
    );
    expect(rt.workers).toHaveLength(1);
    expect(next.workerId).not.toBe(first.workerId);
    expect(alive(first.pid)).toBe(false);
    const fleet = await waitFor("the new worker in /v1/fleet", async () => {
      const res = await fetch(`${rt.url}/v1/fleet`, { headers: { authorization: `Bearer ${rt.adminKey}` } });
      const body = (await res.json()) as { workers: Array<{ id: string; alive: boolean }> };
      return body.workers.some((w) => w.id === next.workerId && w.alive) ? body : null;
    });
    expect(fleet.workers.find((w) => w.id === next.workerId)).toMatchObject({ alive: true });
  }, 120_000);
});
