import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalRuntime } from "./runtime";

const silent = pino({ level: "silent" });
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "wharf-runtime-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const json = (key: string, body: unknown) => ({
  method: "POST",
  headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("local runtime", () => {
  it("serves the API in memory: health, admin-only tenant creation", async () => {
    const rt = await startLocalRuntime({ port: 0, dataDir: tempDir(), inMemory: true, logger: silent });
    try {
      expect(rt.dynamoDbPath).toBeNull();
      const health = await fetch(`${rt.url}/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok" });

      const created = await fetch(`${rt.url}/v1/tenants`, json(rt.adminKey, { name: "Acme" }));
      expect(created.status).toBe(201);
      const body = (await created.json()) as { tenant: { id: string; name: string }; apiKey: { secret: string } };
      expect(body.tenant.name).toBe("Acme");
      expect(body.apiKey.secret).toMatch(/^wharf_sk_/);

      // a tenant key is not the admin key
      const denied = await fetch(`${rt.url}/v1/tenants`, json(body.apiKey.secret, { name: "Nope" }));
      expect([401, 403]).toContain(denied.status);
      expect((await fetch(`${rt.url}/v1/tenants`, { method: "POST", body: "{}" })).status).toBe(401);
    } finally {
      await rt.stop();
    }
  });

  it("records the caller's address in the audit log", async () => {
    const rt = await startLocalRuntime({ port: 0, dataDir: tempDir(), inMemory: true, logger: silent });
    try {
      const created = await fetch(`${rt.url}/v1/tenants`, json(rt.adminKey, { name: "Audited" }));
      const { apiKey } = (await created.json()) as { apiKey: { secret: string } };
      const audit = await fetch(`${rt.url}/v1/audit?action=tenant.create`, {
        headers: { authorization: `Bearer ${apiKey.secret}` },
      });
      const page = (await audit.json()) as { data: Array<{ actor: unknown; sourceAddress: string | null }> };
      expect(page.data).toHaveLength(1);
      expect(page.data[0]?.actor).toEqual({ type: "admin" });
      expect(page.data[0]?.sourceAddress).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
    } finally {
      await rt.stop();
    }
  });

  it("keeps the admin key and the data across a restart with the same data dir", async () => {
    const dataDir = tempDir();
    const first = await startLocalRuntime({ port: 0, dataDir, logger: silent });
    let tenantId: string;
    let tenantKey: string;
    try {
      expect(first.dynamoDbPath).toBe(join(dataDir, "dynamodb"));
      const res = await fetch(`${first.url}/v1/tenants`, json(first.adminKey, { name: "Persisted" }));
      expect(res.status).toBe(201);
      const body = (await res.json()) as { tenant: { id: string }; apiKey: { secret: string } };
      tenantId = body.tenant.id;
      tenantKey = body.apiKey.secret;
    } finally {
      await first.stop();
    }

    const second = await startLocalRuntime({ port: 0, dataDir, logger: silent });
    try {
      expect(second.adminKey).toBe(first.adminKey);
      const list = await fetch(`${second.url}/v1/tenants?limit=100`, {
        headers: { authorization: `Bearer ${second.adminKey}` },
      });
      expect(list.status).toBe(200);
      const page = (await list.json()) as { data: Array<{ id: string; name: string }> };
      expect(page.data).toContainEqual(expect.objectContaining({ id: tenantId, name: "Persisted" }));
      // the tenant's first API key still authenticates
      const sessions = await fetch(`${second.url}/v1/sessions`, { headers: { authorization: `Bearer ${tenantKey}` } });
      expect(sessions.status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it("refuses an API port that is already taken", async () => {
    const taken = await startLocalRuntime({ port: 0, dataDir: tempDir(), inMemory: true, logger: silent });
    try {
      const port = Number(new URL(taken.url).port);
      await expect(startLocalRuntime({ port, dataDir: tempDir(), inMemory: true, logger: silent })).rejects.toThrow(
        /in use/,
      );
    } finally {
      await taken.stop();
    }
  });
});
