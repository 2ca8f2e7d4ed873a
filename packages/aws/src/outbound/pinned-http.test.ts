import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboundRequestError, type ResolveAll, createPinnedHttp } from "./pinned-http";

// A real receiver on loopback; each test asserts whether it was reached at all.
let server: Server;
let port = 0;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === "/redirect") {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/redirected` }).end();
      return;
    }
    if (req.url === "/hang") return; // never answers
    if (req.url === "/big") {
      // 8 MB in 64 KiB writes, as a file server would send it
      res.writeHead(200, { "content-type": "video/mp4" });
      const chunk = Buffer.alloc(64 * 1024, 1);
      for (let i = 0; i < 128; i++) res.write(chunk);
      res.end();
      return;
    }
    if (req.url === "/stall") {
      res.writeHead(200, { "content-type": "video/mp4" });
      res.write(Buffer.alloc(1024)); // then nothing more
      return;
    }
    req.resume();
    req.on("end", () => res.writeHead(200).end("ok"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** a resolver that answers from a table and counts its calls */
function fakeDns(table: Record<string, string[]>) {
  const calls: string[] = [];
  const resolve: ResolveAll = async (host) => {
    calls.push(host);
    return (table[host] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { resolve, calls };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof OutboundRequestError ? e.code : String(e)),
  );

describe("pinned outbound HTTP", () => {
  it("connects to the address its own resolution checked, with one lookup per request", async () => {
    // `.invalid` never resolves in real DNS: reaching the server proves the pinned address was used
    const dns = fakeDns({ "receiver.invalid": ["127.0.0.1"] });
    const http = createPinnedHttp({ allowPrivateTargets: true, resolve: dns.resolve });
    const res = await http.request(`http://receiver.invalid:${port}/pinned`, {
      method: "POST",
      body: "{}",
      timeoutMs: 5000,
    });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("ok");
    expect(dns.calls).toEqual(["receiver.invalid"]);
    expect(hits).toContain("/pinned");
  });

  it("refuses a host that resolves to loopback at send time (DNS rebinding after the create-time check)", async () => {
    const dns = fakeDns({ "rebind.invalid": ["127.0.0.1"] });
    const http = createPinnedHttp({ allowPrivateTargets: false, resolve: dns.resolve });
    expect(
      await codeOf(
        http.request(`http://rebind.invalid:${port}/rebind`, { method: "POST", body: "{}", timeoutMs: 5000 }),
      ),
    ).toBe("blocked_address");
    expect(hits).not.toContain("/rebind");
  });

  it("refuses a host when any one of its addresses is private", async () => {
    const dns = fakeDns({ "mixed.invalid": ["93.184.216.34", "10.0.0.7"] });
    const http = createPinnedHttp({ allowPrivateTargets: false, resolve: dns.resolve });
    expect(await codeOf(http.request("http://mixed.invalid/x", { method: "GET", timeoutMs: 5000 }))).toBe(
      "blocked_address",
    );
  });

  it.each([
    "0x7f.1",
    "2130706433",
    "0177.0.0.1",
    "127.1",
    "127.0.0.1.",
    "[::ffff:127.0.0.1]",
    "[::ffff:0:127.0.0.1]",
    "[2002:7f00:1::]",
    "[::1]",
  ])("refuses the loopback literal form %s without connecting", async (host) => {
    const http = createPinnedHttp({ allowPrivateTargets: false, resolve: fakeDns({}).resolve });
    expect(await codeOf(http.request(`http://${host}:${port}/literal`, { method: "GET", timeoutMs: 5000 }))).toBe(
      "blocked_address",
    );
    expect(hits).not.toContain("/literal");
  });

  it("never follows a redirect", async () => {
    const http = createPinnedHttp({ allowPrivateTargets: true });
    const res = await http.request(`http://127.0.0.1:${port}/redirect`, { method: "GET", timeoutMs: 5000 });
    expect(res.status).toBe(302);
    expect(hits).not.toContain("/redirected");
  });

  it("gives up at the deadline when the receiver never answers", async () => {
    const http = createPinnedHttp({ allowPrivateTargets: true });
    expect(await codeOf(http.request(`http://127.0.0.1:${port}/hang`, { method: "GET", timeoutMs: 300 }))).toBe(
      "timeout",
    );
  });

  it("streams a body without reading it whole, through the same guard", async () => {
    const http = createPinnedHttp({ allowPrivateTargets: true });
    const res = await http.stream(`http://127.0.0.1:${port}/big`, { method: "GET", timeoutMs: 5000 });
    expect(res.status).toBe(200);
    let size = 0;
    let largest = 0;
    for await (const c of res.body) {
      size += (c as Buffer).length;
      largest = Math.max(largest, (c as Buffer).length);
    }
    expect(size).toBe(8 * 1024 * 1024);
    expect(largest).toBeLessThanOrEqual(1024 * 1024);
    const refused = createPinnedHttp({ allowPrivateTargets: false });
    expect(await codeOf(refused.stream(`http://127.0.0.1:${port}/big2`, { method: "GET", timeoutMs: 5000 }))).toBe(
      "blocked_address",
    );
    expect(hits).not.toContain("/big2");
  });

  it("fails a streamed body that stalls past the deadline with a timeout", async () => {
    const http = createPinnedHttp({ allowPrivateTargets: true });
    const res = await http.stream(`http://127.0.0.1:${port}/stall`, { method: "GET", timeoutMs: 300 });
    const read = (async () => {
      for await (const _ of res.body);
    })();
    expect(await codeOf(read)).toBe("timeout");
  });

  it("reports a host that does not resolve, and refuses other schemes", async () => {
    const http = createPinnedHttp({ allowPrivateTargets: false, resolve: fakeDns({}).resolve });
    expect(await codeOf(http.request("http://nowhere.invalid/", { method: "GET", timeoutMs: 5000 }))).toBe(
      "unresolvable_host",
    );
    expect(await codeOf(http.request("file:///etc/passwd", { method: "GET", timeoutMs: 5000 }))).toBe("invalid_url");
  });
});
