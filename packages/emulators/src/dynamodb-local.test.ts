import { describe, expect, it } from "vitest";
import { startDynamoDbLocal } from "./dynamodb-local";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
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

  it("DynamoDB Local refuses a port that is taken", async () => {
    const db = await startDynamoDbLocal();
    try {
      await expect(startDynamoDbLocal({ port: db.port, startTimeoutMs: 20_000 })).rejects.toThrow(/in use/);
    } finally {
      await db.stop();
    }
  });
});
