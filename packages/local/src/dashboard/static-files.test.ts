import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDashboardHandler, withDashboard } from "./static-files";

const root = mkdtempSync(join(tmpdir(), "wharf-dashboard-"));
const dist = join(root, "dist");
mkdirSync(join(dist, "assets"), { recursive: true });
writeFileSync(join(dist, "index.html"), "<!doctype html><title>Wharf</title><div id=root></div>");
writeFileSync(join(dist, "assets", "index-abc123.js"), "console.log('wharf')");
writeFileSync(join(dist, "assets", "index-abc123.css"), "body{}");
writeFileSync(join(dist, "assets", "inter-latin.woff2"), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
writeFileSync(join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
writeFileSync(join(root, "secret.txt"), "outside the build");
symlinkSync(join(root, "secret.txt"), join(dist, "leak.txt"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The API stand-in: says which request reached it. */
const api = async (req: Request) => Response.json({ api: new URL(req.url).pathname }, { status: 404 });
const site = withDashboard(api, createDashboardHandler(dist));
const get = (path: string, method = "GET") => site(new Request(`http://127.0.0.1:4000${path}`, { method }));

describe("dashboard static files", () => {
  it("serves index.html at / with an HTML content type and revalidation", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toContain("<title>Wharf</title>");
  });

  it.each([
    ["/assets/index-abc123.js", "text/javascript; charset=utf-8"],
    ["/assets/index-abc123.css", "text/css; charset=utf-8"],
    ["/assets/inter-latin.woff2", "font/woff2"],
    ["/favicon.svg", "image/svg+xml"],
  ])("serves %s as %s", async (path, type) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
  });

  it("caches hashed assets for good", async () => {
    expect((await get("/assets/index-abc123.js")).headers.get("cache-control")).toBe(
      "public, max-age=31536000, immutable",
    );
  });

  it("answers HEAD with the headers and no body", async () => {
    const res = await get("/", "HEAD");
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBeGreaterThan(0);
    expect(await res.text()).toBe("");
  });

  it("leaves /v1 to the API, even where a file of that name would exist", async () => {
    expect(await (await get("/v1/health")).json()).toEqual({ api: "/v1/health" });
    expect(await (await get("/v1")).json()).toEqual({ api: "/v1" });
  });

  it("hands unknown paths and other methods to the API", async () => {
    expect(await (await get("/nope.js")).json()).toEqual({ api: "/nope.js" });
    expect(await (await get("/assets")).json()).toEqual({ api: "/assets" });
    expect(await (await get("/", "POST")).json()).toEqual({ api: "/" });
  });

  it("never serves a file outside the build", async () => {
    for (const path of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/leak.txt",
      "/%00index.html",
      "/%E0%A4%A",
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain("outside the build");
    }
  });

  it("explains how to build the dashboard when dist/ is missing, and leaves other paths to the API", async () => {
    const missing = withDashboard(api, createDashboardHandler(join(root, "no-such-dist")));
    const res = await missing(new Request("http://127.0.0.1:4000/"));
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain("pnpm --filter @wharf/web build");
    expect((await missing(new Request("http://127.0.0.1:4000/favicon.svg"))).status).toBe(404);
  });
});
