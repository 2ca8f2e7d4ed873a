import { readFile, realpath, stat } from "node:fs/promises";
import { extname, join, sep } from "node:path";
import { repoRoot } from "../paths";

/** Where `pnpm --filter @wharf/web build` writes the dashboard. */
export function defaultDashboardDir(): string {
  return join(repoRoot(), "packages", "web", "dist");
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Wharf</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}</style>
</head><body>
<h1>The Wharf dashboard is not built yet</h1>
<p>The API is running at <code>/v1</code>. To get the dashboard, build it and reload this page:</p>
<p><code>pnpm --filter @wharf/web build</code></p>
<p><code>npm start</code> builds it for you when it is missing or older than its sources.</p>
</body></html>
`;

/**
 * The built dashboard (packages/web/dist) at `/` of the API port, for GET and HEAD. Answers
 * null for anything that is not a file of the build, so the caller hands the request to the
 * API (which says route_not_found in its usual shape). The build is looked up per request:
 * rebuilding while the runtime runs needs no restart.
 */
export function createDashboardHandler(distDir: string): (req: Request) => Promise<Response | null> {
  return async (req) => {
    if (req.method !== "GET" && req.method !== "HEAD") return null;
    const path = safePath(new URL(req.url).pathname);
    if (path === null) return null;
    const root = await realpath(distDir).catch(() => null);
    if (root === null) {
      return path === "/" ? respond(req, 503, NOT_BUILT_PAGE, "text/html; charset=utf-8", "no-store") : null;
    }
    const file = await resolveFile(root, path === "/" ? "/index.html" : path);
    if (file === null) return null;
    const bytes = await readFile(file);
    // Vite names assets by content hash: cache them for good; everything else is revalidated.
    const cache = path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    return respond(req, 200, bytes, CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream", cache);
  };
}

/** The decoded path, or null when it could step outside the build (.., NUL, backslashes). */
function safePath(rawPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (path.includes("\0") || path.includes("\\")) return null;
  if (path.split("/").some((part) => part === ".." || part === ".")) return null;
  return path;
}

/** A regular file inside `root` (symlinks resolved and checked), or null. */
async function resolveFile(root: string, path: string): Promise<string | null> {
  const candidate = join(root, path);
  const real = await realpath(candidate).catch(() => null);
  if (real === null || !(real === root || real.startsWith(root + sep))) return null;
  const info = await stat(real).catch(() => null);
  return info?.isFile() ? real : null;
}

function respond(
  req: Request,
  status: number,
  body: string | Buffer,
  contentType: string,
  cacheControl: string,
): Response {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const headers: Record<string, string> = {
    "content-type": contentType,
    "content-length": String(bytes.length),
    "cache-control": cacheControl,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  };
  return new Response(req.method === "HEAD" ? null : new Uint8Array(bytes), { status, headers });
}

/** `env` is the Node server's (the socket, for the caller's address); it passes through to the API. */
type Fetch = (req: Request, env?: object) => Response | Promise<Response>;

/** One fetch for the API port: `/v1` and below is always the API, the rest the dashboard first. */
export function withDashboard(api: Fetch, dashboard: (req: Request) => Promise<Response | null>): Fetch {
  return async (req, env) => {
    const { pathname } = new URL(req.url);
    if (pathname === "/v1" || pathname.startsWith("/v1/")) return api(req, env);
    return (await dashboard(req)) ?? api(req, env);
  };
}
