import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { authenticateApiKey, systemClock } from "@wharf/core";
import { createInMemoryStores } from "@wharf/core/testing";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_TENANT_FILE, loadOrCreateDemoTenant } from "./demo-tenant";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "wharf-demo-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function setup(dataDir = tempDir(), repos = createInMemoryStores()) {
  return { dataDir, repos, deps: { dataDir, tenants: repos.tenants, apiKeys: repos.apiKeys, clock: systemClock } };
}

describe("demo tenant", () => {
  it("is created once with a working key, saved 0600, and reused on the next start", async () => {
    const { dataDir, deps } = setup();
    const first = await loadOrCreateDemoTenant(deps);
    expect(first.created).toBe(true);
    expect((await authenticateApiKey(deps, first.apiKey)).tenantId).toBe(first.tenantId);
    const file = join(dataDir, DEMO_TENANT_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ tenantId: first.tenantId, apiKey: first.apiKey });

    const again = await loadOrCreateDemoTenant(deps);
    expect(again).toEqual({ ...first, created: false });
  });

  it("is replaced when the saved tenant is gone (an in-memory database after a restart)", async () => {
    const { dataDir, deps } = setup();
    const first = await loadOrCreateDemoTenant(deps);
    const fresh = setup(dataDir);
    const second = await loadOrCreateDemoTenant(fresh.deps);
    expect(second.created).toBe(true);
    expect(second.tenantId).not.toBe(first.tenantId);
    expect(JSON.parse(readFileSync(join(dataDir, DEMO_TENANT_FILE), "utf8")).apiKey).toBe(second.apiKey);
  });

  it("is replaced when its key was revoked", async () => {
    const { deps, repos } = setup();
    const first = await loadOrCreateDemoTenant(deps);
    const key = await authenticateApiKey(deps, first.apiKey);
    await repos.apiKeys.delete(first.tenantId, key.id);
    const second = await loadOrCreateDemoTenant(deps);
    expect(second.created).toBe(true);
    expect(second.apiKey).not.toBe(first.apiKey);
  });

  it("replaces a damaged file instead of failing to start", async () => {
    const { dataDir, deps } = setup();
    writeFileSync(join(dataDir, DEMO_TENANT_FILE), "{not json");
    const demo = await loadOrCreateDemoTenant(deps);
    expect(demo.created).toBe(true);
    expect(existsSync(join(dataDir, DEMO_TENANT_FILE))).toBe(true);
  });
});
