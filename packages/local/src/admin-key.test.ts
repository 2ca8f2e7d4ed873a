import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { looksLikeApiKey } from "@wharf/core";
import { afterEach, describe, expect, it } from "vitest";
import { loadOrCreateAdminKey } from "./admin-key";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("local admin key", () => {
  it("is generated once, saved owner-only, and read back on the next start", () => {
    dir = join(mkdtempSync(join(tmpdir(), "wharf-key-")), "nested");
    const first = loadOrCreateAdminKey(dir);
    expect(first.created).toBe(true);
    expect(looksLikeApiKey(first.key)).toBe(true);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.path, "utf8").trim()).toBe(first.key);
    const second = loadOrCreateAdminKey(dir);
    expect(second).toEqual({ key: first.key, path: first.path, created: false });
  });

  it("refuses a damaged key file instead of replacing it", () => {
    dir = mkdtempSync(join(tmpdir(), "wharf-key-"));
    writeFileSync(join(dir, "admin-key"), "hunter2\n");
    expect(() => loadOrCreateAdminKey(dir)).toThrow(/does not hold/);
    expect(readFileSync(join(dir, "admin-key"), "utf8")).toBe("hunter2\n");
  });
});
