import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiOf, newTenant, silent, type Api } from "../data-path/test-kit";
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from "../runtime";
import { DEMO_TENANT_FILE } from "./demo-tenant";
import { MAX_DEMO_PHONES_PER_TENANT } from "./phone-owners";

const root = mkdtempSync(join(tmpdir(), "wharf-sim-"));
const dist = join(root, "dist");
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, "index.html"), "<!doctype html><title>Wharf dashboard</title>");

let n = 0;
/** A runtime on the project's shared emulators (no java of its own). */
function start(extra: Partial<LocalRuntimeOptions>): Promise<LocalRuntime> {
  const stack = inject("wharfStack");
  const dataDir = join(root, `data-${++n}`);
  return startLocalRuntime({
    port: 0,
    realtimePort: 0,
    dataDir,
    tableName: stack.tableName,
    region: stack.region,
    emulators: { dynamoEndpoint: stack.dynamoEndpoint, sqsEndpoint: stack.sqsEndpoint },
    queuePrefix: `sim${process.pid}x${n}x${Date.now().toString(36)}`,
    logger: silent,
    pollerConcurrency: 1,
    dashboardDir: dist,
    ...extra,
  });
}

// Well-formed (ref + three 32-byte base64 keys) but shown by no client.
const KEY = Buffer.alloc(32, 7).toString("base64");
const STRANGER_QR = `2@notshownbyanyone,${KEY},${KEY},${KEY},1`;

describe("sim mode (--sim)", () => {
  let rt: LocalRuntime;
  let api: Api;
  let key: string;

  beforeAll(async () => {
    rt = await start({ sim: true });
    api = apiOf(rt);
    key = rt.demo!.apiKey;
  });
  afterAll(async () => {
    await rt?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("starts the simulator on loopback and tells where it is, for fleet workers", async () => {
    expect(rt.sim!.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/chat$/);
    expect(rt.sim!.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/admin$/);
    expect(rt.sim!.rootPublicKeyHex).toMatch(/^[0-9a-f]{64}$/);
    const health = await fetch(`${rt.sim!.adminUrl}/health`);
    expect(health.status).toBe(200);
  });

  it("creates a demo tenant whose ready-made key works, and saves it in the data dir", async () => {
    const sessions = await api.call("GET", "/v1/sessions", { key });
    expect(sessions.status).toBe(200);
    const saved = JSON.parse(readFileSync(join(rt.dataDir, DEMO_TENANT_FILE), "utf8"));
    expect(saved).toEqual({ tenantId: rt.demo!.tenantId, apiKey: key });
    const created = await api.call("POST", "/v1/sessions", { key, json: { name: "Demo shop" } });
    expect(created.status).toBe(201);
    expect(created.body.tenantId).toBe(rt.demo!.tenantId);
  });

  it("serves the dashboard at / and names the realtime gateway in tokens", async () => {
    const page = await fetch(rt.dashboardUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Wharf dashboard");
    expect(rt.dashboardUrl).toBe(`${rt.url}/`);
    const token = await api.call("POST", "/v1/realtime/tokens", { key, json: {} });
    expect(token.status).toBe(201);
    expect(token.body.url).toBe(rt.realtimeUrl);
    expect(rt.realtimeUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
  });

  it("lists the virtual phones and adds one", async () => {
    const before = await api.call("GET", "/v1/demo", { key });
    expect(before.status).toBe(200);
    expect(before.body.sim).toBe(true);
    expect(before.body.phones).toHaveLength(1);
    expect(before.body.phones[0]).toMatchObject({ name: "Virtual phone 1", linked: false, online: false });

    const added = await api.call("POST", "/v1/demo/phones", { key, json: { name: "Shop phone" } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: "Shop phone", linked: false, online: false });
    expect(added.body.id).toBe(added.body.phone);
    const after = await api.call("GET", "/v1/demo", { key });
    expect(after.body.phones.map((p: { id: string }) => p.id)).toContain(added.body.id);
  });

  it("lets a contact write to a phone and contacts confirm its messages", async () => {
    const phone = (await api.call("GET", "/v1/demo", { key })).body.phones[0].id as string;
    const sent = await api.call("POST", `/v1/demo/phones/${phone}/contacts/4915112345678/messages`, {
      key,
      json: { text: "Is my order ready?", pushName: "Greta" },
    });
    expect(sent.status).toBe(202);
    expect(typeof sent.body.id).toBe("string");
    const receipts = await api.call("POST", `/v1/demo/phones/${phone}/receipts`, { key, json: { type: "read" } });
    expect(receipts.status).toBe(200);
    expect(receipts.body).toEqual({ updated: 0 });
  });

  it("works with any tenant's key, never without one or with the admin key", async () => {
    const other = await newTenant(rt, "other");
    expect((await api.call("GET", "/v1/demo", { key: other.key })).status).toBe(200);
    expect((await api.call("GET", "/v1/demo")).status).toBe(401);
    expect((await api.call("GET", "/v1/demo", { key: rt.adminKey })).status).toBe(403);
  });

  it("shows each tenant only its own phones, and another tenant's phone is 404 on every route", async () => {
    const other = await newTenant(rt, "neighbour");
    const demoPhones = (await api.call("GET", "/v1/demo", { key })).body.phones.map(
      (p: { id: string }) => p.id,
    ) as string[];
    const own = await api.call("GET", "/v1/demo", { key: other.key });
    expect(own.body.phones).toHaveLength(1); // its first phone comes with its first look
    expect(own.body.phones[0]).toMatchObject({ name: "Virtual phone 1", linked: false });
    expect(demoPhones).not.toContain(own.body.phones[0].id);
    const foreign = demoPhones[0]!;
    const attempts: Array<[string, object]> = [
      [`/v1/demo/phones/${foreign}/contacts/4915112345678/messages`, { text: "not yours" }],
      [`/v1/demo/phones/${foreign}/receipts`, { type: "read" }],
      [`/v1/demo/phones/${foreign}/scan`, { qr: "2@ref,pub,identity,adv" }],
      [`/v1/demo/phones/${foreign}/pairing-code`, { code: "ABCD-EFGH" }],
    ];
    for (const [path, json] of attempts) {
      const res = await api.call("POST", path, { key: other.key, json });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await api.call("GET", "/v1/demo", { key })).body.phones.map((p: { id: string }) => p.id)).toEqual(
      demoPhones,
    );
  });

  it("caps the phones one tenant may hold with a 429 that names the limit", async () => {
    const t = await newTenant(rt, "collector");
    await api.call("GET", "/v1/demo", { key: t.key });
    for (let i = 2; i <= MAX_DEMO_PHONES_PER_TENANT; i++)
      expect((await api.call("POST", "/v1/demo/phones", { key: t.key, json: {} })).status).toBe(201);
    const over = await api.call("POST", "/v1/demo/phones", { key: t.key, json: {} });
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({
      code: "rate_limited",
      message: expect.stringContaining(`${MAX_DEMO_PHONES_PER_TENANT} virtual phones`),
    });
    expect((await api.call("GET", "/v1/demo", { key: t.key })).body.phones).toHaveLength(MAX_DEMO_PHONES_PER_TENANT);
  });

  it.each([
    ["a blank phone name", "/v1/demo/phones", { name: " " }, "body.name"],
    ["an unknown field", "/v1/demo/phones", { colour: "red" }, "body.colour"],
    ["a scan without a QR", "/v1/demo/phones/15550100000/scan", {}, "body.qr"],
    ["an unreadable QR", "/v1/demo/phones/15550100000/scan", { qr: "not a qr" }, "body.qr"],
    ["a pairing code of the wrong length", "/v1/demo/phones/15550100000/pairing-code", { code: "ABC" }, "body.code"],
    ["a phone id that is not a number", "/v1/demo/phones/abc/receipts", { type: "read" }, "params.id"],
    [
      "a contact that is not a number",
      "/v1/demo/phones/15550100000/contacts/+49%20151/messages",
      { text: "hi" },
      "params.phone",
    ],
    ["an empty message", "/v1/demo/phones/15550100000/contacts/4915112345678/messages", { text: "" }, "body.text"],
    ["an unknown receipt type", "/v1/demo/phones/15550100000/receipts", { type: "seen" }, "body.type"],
  ])("answers 400 with the field for %s", async (_name, path, json, field) => {
    const res = await api.call("POST", path, { key, json });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it("answers 404 for a phone the simulator does not have", async () => {
    for (const [path, json] of [
      ["/v1/demo/phones/4930000000/receipts", { type: "read" }],
      ["/v1/demo/phones/4930000000/scan", { qr: STRANGER_QR }],
      ["/v1/demo/phones/4930000000/contacts/4915112345678/messages", { text: "hi" }],
    ] as const) {
      const res = await api.call("POST", path, { key, json });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe("not_found");
    }
  });

  it("answers 409 for a QR or pairing code no session is showing", async () => {
    const phone = (await api.call("GET", "/v1/demo", { key })).body.phones[0].id as string;
    const scan = await api.call("POST", `/v1/demo/phones/${phone}/scan`, { key, json: { qr: STRANGER_QR } });
    expect(scan.status).toBe(409);
    expect(scan.body.error).toMatchObject({ code: "invalid_state", message: expect.stringMatching(/QR code/) });
    const code = await api.call("POST", `/v1/demo/phones/${phone}/pairing-code`, { key, json: { code: "ABCD-1234" } });
    expect(code.status).toBe(409);
    expect(code.body.error.message).toMatch(/pairing code/);
  });

  it("documents the demo routes in the OpenAPI document of sim mode", async () => {
    const doc = (await api.call("GET", "/v1/openapi.json")).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain("/v1/demo/phones/{id}/scan");
  });
});

describe("without --sim", () => {
  let rt: LocalRuntime;
  beforeAll(async () => {
    rt = await start({});
  });
  afterAll(async () => {
    await rt?.stop();
  });

  it("has no demo routes, no simulator and no demo tenant", async () => {
    const t = await newTenant(rt, "plain");
    const api = apiOf(rt);
    for (const [method, path] of [
      ["GET", "/v1/demo"],
      ["POST", "/v1/demo/phones"],
      ["POST", "/v1/demo/phones/15550100000/receipts"],
    ] as const) {
      const res = await api.call(method, path, { key: t.key, ...(method === "POST" ? { json: {} } : {}) });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe("route_not_found");
    }
    expect(rt.sim).toBeUndefined();
    expect(rt.demo).toBeUndefined();
    const doc = (await api.call("GET", "/v1/openapi.json")).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).some((p) => p.startsWith("/v1/demo"))).toBe(false);
  });
});
