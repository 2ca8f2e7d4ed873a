import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorMediaCaPem } from "./certificates";
import { simulatorMediaTrust } from "./client-trust";
import { startMediaServer, type MediaServer } from "./server";
import { MediaStore } from "./store";

const store = new MediaStore({ maxUploadBytes: 50_000, maxStoredBytes: 120_000, authTtlSeconds: 60 });
const trust = simulatorMediaTrust();
let server: MediaServer;

beforeAll(async () => {
  server = await startMediaServer({ store, host: "127.0.0.1", port: 0, logger: pino({ level: "silent" }) });
});
afterAll(async () => {
  await server.close();
  await trust.close();
});

const token = (body: Buffer): string => createHash("sha256").update(body).digest("base64url");
const request = (path: string, init: RequestInit = {}) =>
  fetch(`${server.origin}${path}`, { ...init, ...trust.downloadOptions.options });
const upload = (body: Buffer, auth: string, name = token(body)) =>
  request(`/mms/image/${name}?auth=${encodeURIComponent(auth)}&token=${name}`, { method: "POST", body });

describe("the media host", () => {
  it("stores an upload named by its hash and serves it back at the direct path", async () => {
    const body = randomBytes(10_000);
    const res = await upload(body, store.issueAuth("15550001"));
    expect(res.status).toBe(200);
    const { url, direct_path } = (await res.json()) as { url: string; direct_path: string };
    expect(url.startsWith(`${server.origin}${direct_path}`)).toBe(true);
    expect(store.get(direct_path)?.uploadedBy).toBe("15550001");
    const back = Buffer.from(await (await request(direct_path)).arrayBuffer());
    expect(back.equals(body)).toBe(true);
  });

  it("refuses unknown auth (401), a body that does not hash to its name (400), oversize (413), unknown paths (404)", async () => {
    const body = randomBytes(100);
    expect((await upload(body, "not-a-token")).status).toBe(401);
    const auth = store.issueAuth("15550001");
    expect((await upload(body, auth, token(randomBytes(100)))).status).toBe(400);
    expect((await upload(randomBytes(60_000), auth)).status).toBe(413);
    expect((await request("/v/t62.sim-image/nothing.enc")).status).toBe(404);
    expect((await request("/mms/hologram/x", { method: "POST", body })).status).toBe(404);
  });

  it("forgets the oldest files beyond its byte budget", async () => {
    const auth = store.issueAuth("15550001");
    const paths: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await upload(randomBytes(40_000), auth);
      paths.push(((await res.json()) as { direct_path: string }).direct_path);
    }
    expect(store.stats.bytes).toBeLessThanOrEqual(120_000);
    expect(store.get(paths[0]!)).toBeUndefined();
    expect(store.get(paths[3]!)).toBeDefined();
  });
});

describe("trusting the media host per process", () => {
  // async: the media host runs in this process and must keep answering while the child asks it
  const fetchInChild = (url: string, env: Record<string, string>): Promise<string> =>
    new Promise((resolve) => {
      const script = `fetch(${JSON.stringify(url)}).then((r) => console.log("STATUS=" + r.status), (e) => console.log("ERR=" + e.cause?.code))`;
      execFile(
        process.execPath,
        ["-e", script],
        { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 20_000 },
        (_e, stdout) => resolve(String(stdout)),
      );
    });

  it("a child process reaches it with NODE_EXTRA_CA_CERTS set to the simulator CA, and not without", async () => {
    const caFile = join(mkdtempSync(join(tmpdir(), "wa-sim-ca-")), "media-ca.pem");
    writeFileSync(caFile, simulatorMediaCaPem());
    const url = `${server.origin}/v/t62.sim-image/absent.enc`;
    expect(await fetchInChild(url, { NODE_EXTRA_CA_CERTS: caFile })).toContain("STATUS=404");
    expect(await fetchInChild(url, {})).toContain("ERR=UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  });
});
