import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuthStateKeyring, DynamoAuthStateStore } from "@wharf/aws";
import { baileysCodec } from "@wharf/fleet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiOf, clients, newSession, newTenant, startTestRuntime, type Tenant, waitFor } from "../data-path/test-kit";
import type { LocalRuntime } from "../runtime";
import { AUTH_STATE_KEY_FILE } from "../token-key";
import { maskAccount, parseImportArgs, runImportCreds } from "./command";
import { parseCreds, readKeysDir } from "./creds-file";
import { CredsFileError } from "./errors";

const dir = mkdtempSync(join(tmpdir(), "wharf-creds-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (n: number) => ({ type: "Buffer", data: Buffer.alloc(32, n).toString("base64") });
const pair = (n: number) => ({ public: bytes(n), private: bytes(n + 1) });
const credsJson = (me?: object) =>
  JSON.stringify({
    noiseKey: pair(1),
    signedIdentityKey: pair(3),
    signedPreKey: { keyPair: pair(5), signature: bytes(7), keyId: 1 },
    registrationId: 42,
    advSecretKey: "c2VjcmV0",
    ...(me ? { me } : {}),
  });

describe("the creds file", () => {
  it("reads Baileys' creds.json with its Buffers", () => {
    const creds = parseCreds(credsJson({ id: "15550100000:3@s.whatsapp.net", name: "Shop" }));
    expect(creds.me.id).toBe("15550100000:3@s.whatsapp.net");
    expect(Buffer.isBuffer((creds.noiseKey as { public: Buffer }).public)).toBe(true);
  });

  it("refuses creds without me.id, saying they name no linked account", () => {
    expect(() => parseCreds(credsJson(), "creds.json")).toThrow(/creds\.json: me\.id is missing/);
    expect(() => parseCreds(credsJson({ name: "half" }), "creds.json")).toThrow(/me\.id is missing/);
  });

  it("refuses text that is not JSON, and creds without keys, naming the field", () => {
    expect(() => parseCreds("{ nope", "creds.json")).toThrow(CredsFileError);
    expect(() => parseCreds("{ nope", "creds.json")).toThrow(/creds\.json is not valid JSON/);
    const noNoise = JSON.parse(credsJson({ id: "1@s.whatsapp.net" }));
    delete noNoise.noiseKey;
    expect(() => parseCreds(JSON.stringify(noNoise))).toThrow(/noiseKey/);
  });

  it("reads key files named as useMultiFileAuthState names them", () => {
    const keys = join(dir, "keys");
    rmSync(keys, { recursive: true, force: true });
    writeFileSync(join(dir, "creds.json"), credsJson({ id: "1@s.whatsapp.net" }));
    mkdirSync(keys);
    writeFileSync(join(keys, "creds.json"), "{}");
    writeFileSync(join(keys, "pre-key-7.json"), JSON.stringify(pair(9)));
    writeFileSync(join(keys, "app-state-sync-key-AAAA.json"), JSON.stringify({ keyData: bytes(2) }));
    writeFileSync(join(keys, "session-12345.0.json"), JSON.stringify(bytes(4)));
    const read = readKeysDir(keys);
    expect(Object.keys(read).sort()).toEqual(["app-state-sync-key", "pre-key", "session"]);
    expect(Object.keys(read["pre-key"]!)).toEqual(["7"]);
    expect(Object.keys(read.session!)).toEqual(["12345.0"]);
  });

  it("parses the command's flags and masks the account it prints", () => {
    const opts = parseImportArgs(["--session", "s1", "--file", "c.json", "--tenant", "t1"], {
      cwd: "/home/u",
      defaultDataDir: "/repo/.wharf",
    });
    expect(opts).toMatchObject({ sessionId: "s1", file: "/home/u/c.json", tenantId: "t1", dataDir: "/repo/.wharf" });
    expect(() => parseImportArgs(["--file", "c.json"], { cwd: "/", defaultDataDir: "/d" })).toThrow(/--session/);
    expect(maskAccount("15550100000:3@s.whatsapp.net")).toBe("…0000:3@s.whatsapp.net");
  });
});

describe("import-creds against the running local stack", () => {
  let rt: LocalRuntime;
  let t: Tenant;
  const get = async (path: string) => (await apiOf(rt).call("GET", path, { key: t.key })).body;
  const post = (path: string, json: unknown) => apiOf(rt).call("POST", path, { key: t.key, json });
  const waitStatus = (sessionId: string, status: string) =>
    waitFor(
      `${sessionId} ${status}`,
      async () => {
        const s = await get(`/v1/sessions/${sessionId}`);
        return s.status === status ? s : null;
      },
      60_000,
    );

  beforeAll(async () => {
    rt = await startTestRuntime({ sim: true, workers: 1 });
    t = await newTenant(rt, "creds-import");
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  }, 60_000);

  it("a fresh session logs in with creds exported from a linked one: same account, open", async () => {
    const phone = (await get("/v1/demo")).phones[0].id as string;
    const linked = await newSession(rt, t);
    expect((await post(`/v1/sessions/${linked}/connect`, { method: "qr" })).status).toBe(202);
    const qr = await waitFor(
      "a QR",
      async () => (await get(`/v1/sessions/${linked}/qr`))?.qr as string | undefined,
      60_000,
    );
    expect((await post(`/v1/demo/phones/${phone}/scan`, { qr })).status).toBe(200);
    await waitStatus(linked, "open");
    expect((await post(`/v1/sessions/${linked}/disconnect`, {})).status).toBe(202);
    await waitStatus(linked, "disconnected");

    // export: the linked session's creds, as Baileys' creds.json holds them
    const keyring = new AuthStateKeyring(
      Buffer.from(readFileSync(join(rt.dataDir, AUTH_STATE_KEY_FILE), "utf8").trim(), "base64"),
    );
    const exported = await new DynamoAuthStateStore({
      ctx: { doc: clients().doc, tableName: rt.tableName },
      tenantId: t.id,
      sessionId: linked,
      keyring,
      codec: baileysCodec,
      fence: () => ({ owner: "reader", epoch: 0 }),
    }).readCreds();
    const file = join(dir, "exported-creds.json");
    writeFileSync(file, baileysCodec.encode(exported));

    const fresh = await newSession(rt, t);
    const runtime = {
      pid: process.pid,
      url: rt.url,
      dynamoEndpoint: rt.dynamoEndpoint,
      region: rt.region,
      tableName: rt.tableName,
    };
    const printed = await runImportCreds(
      { sessionId: fresh, file, tenantId: t.id, dataDir: rt.dataDir, help: false },
      runtime,
    );
    expect(printed).toContain(`into session ${fresh}`);
    expect(printed).not.toContain(phone);

    expect((await post(`/v1/sessions/${fresh}/connect`, { method: "qr" })).status).toBe(202);
    const open = await waitStatus(fresh, "open");
    expect(open.phone).toBe(phone);
  }, 240_000);
});
