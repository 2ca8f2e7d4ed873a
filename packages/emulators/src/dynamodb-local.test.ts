import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { startDynamoDbLocal, startParentWatchdog } from "./dynamodb-local";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("emulators", () => {
  it("DynamoDB Local stops with its whole process group, and stop is idempotent", async () => {
    const db = await startDynamoDbLocal();
    expect(alive(db.pid)).toBe(true);
    await Promise.all([db.stop(), db.stop()]);
    expect(alive(db.pid)).toBe(false);
    await expect(fetch(db.endpoint)).rejects.toThrow();
  });

  it("the watchdog ends java's process group once the parent is SIGKILLed", async () => {
    // stand-ins: a "runtime" to kill, and a detached "java" group with a child of its own
    const parent = spawn("sleep", ["600"], { stdio: "ignore" });
    const java = spawn("/bin/sh", ["-c", "sleep 600 & wait"], { detached: true, stdio: "ignore" });
    const parentPid = parent.pid as number;
    const javaPid = java.pid as number;
    startParentWatchdog(parentPid, javaPid, { pollSeconds: 0.1 });
    try {
      await waitUntil(() => alive(javaPid) && alive(parentPid));
      parent.kill("SIGKILL");
      await waitUntil(() => !alive(javaPid) && !groupAlive(javaPid));
    } finally {
      parent.kill("SIGKILL");
      try {
        process.kill(-javaPid, "SIGKILL");
      } catch {}
    }
  });

  it("DynamoDB Local refuses a port that is taken", async () => {
    const db = await startDynamoDbLocal();
    try {
      await expect(startDynamoDbLocal({ port: db.port, startTimeoutMs: 20_000 })).rejects.toThrow(/in use/);
    } finally {
      await db.stop();
    }
  });
});
