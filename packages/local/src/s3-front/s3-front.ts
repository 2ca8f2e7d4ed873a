import {
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
  request as httpRequest,
} from "node:http";
import type { Logger } from "pino";
import { closeServer, portInUse, urlHost } from "../http-server";
import { checkPresigned, isPresigned } from "./presigned";

/**
 * The local stand-in for S3's edge in front of fauxqs, which has no CORS and refuses bodies over
 * 11 MiB: presigned URLs are minted against this front, which checks them like S3, answers CORS
 * for the dashboard's origins and stores a large PUT as a multipart upload. Requests that are
 * not presigned (the SDK clients' own) pass through unchanged. It speaks plain S3 REST to fauxqs
 * (which ignores signatures), so only packages/aws holds the AWS SDK.
 */

export interface S3FrontOptions {
  /** fauxqs' endpoint */
  upstream: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** which browser origins may PUT/GET presigned URLs (the dashboard's); asked per request */
  allowOrigin: (origin: string) => boolean;
  port?: number;
  host?: string;
  /** bytes per multipart part (fauxqs takes ≤ 11 MiB a request, S3 wants ≥ 5 MiB): 8 MiB */
  partSize?: number;
  logger?: Logger;
  now?: () => Date;
}

export interface S3Front {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const MiB = 1024 * 1024;

export async function startS3Front(opts: S3FrontOptions): Promise<S3Front> {
  const upstream = new URL(opts.upstream);
  const partSize = opts.partSize ?? 8 * MiB;
  const now = opts.now ?? (() => new Date());

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://front");
    const origin = req.headers.origin;
    const allowed = Boolean(origin && opts.allowOrigin(origin));
    if (allowed && origin) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Expose-Headers", "ETag, Content-Length, Content-Range");
    }
    res.setHeader("Vary", "Origin");
    if (req.method === "OPTIONS") return preflight(req, res, allowed);
    if (!isPresigned(url.searchParams)) return passThrough(req, res, upstream);

    const rawPath = url.pathname;
    const check = checkPresigned(
      { method: req.method ?? "GET", rawPath, query: url.searchParams, headers: req.headers },
      opts.credentials,
      now(),
    );
    if (!check.ok) return sendError(res, check.status, check.code, check.message);
    const slash = rawPath.indexOf("/", 1);
    if (slash < 0 || slash === rawPath.length - 1)
      return sendError(res, 400, "InvalidRequest", "presigned URLs name an object");
    if (req.method === "PUT") return storePut(req, res, upstream, rawPath, partSize);
    // fauxqs reads neither the signature nor the query of a GET: once checked, it is passed on
    if (req.method === "GET" || req.method === "HEAD") return passThrough(req, res, upstream);
    return sendError(res, 405, "MethodNotAllowed", "only GET, HEAD and PUT are presigned");
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      opts.logger?.error({ err, component: "s3-front" }, "s3 front request failed");
      if (!res.headersSent) sendError(res, 500, "InternalError", "the local S3 front failed");
      else res.destroy();
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? portInUse(opts.port ?? 0, opts.host ?? "127.0.0.1") : err),
    );
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  const host = opts.host && opts.host !== "0.0.0.0" && opts.host !== "::" ? opts.host : "127.0.0.1";
  return {
    endpoint: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    async stop() {
      await closeServer(server);
    },
  };
}

/** Vite's dev server (`pnpm --filter @wharf/web dev`), which proxies the API from another origin */
const DEV_SERVER_PORT = 5173;

/** Where a browser may have the dashboard open: the runtime's own origin (loopback by either name) and Vite's. */
export function dashboardOrigins(host: string, port: number): string[] {
  const loopback = ["127.0.0.1", "localhost", "0.0.0.0", "::", "::1"].includes(host);
  const hosts = loopback ? ["127.0.0.1", "localhost"] : [urlHost(host)];
  return hosts.flatMap((h) => [`http://${h}:${port}`, `http://${h}:${DEV_SERVER_PORT}`]);
}

function preflight(req: IncomingMessage, res: ServerResponse, allowed: boolean): void {
  const method = String(req.headers["access-control-request-method"] ?? "");
  if (!allowed || !["GET", "HEAD", "PUT"].includes(method)) {
    sendError(res, 403, "AccessForbidden", "CORSResponse: This CORS request is not allowed.");
    return;
  }
  res.setHeader("Access-Control-Allow-Methods", "GET, HEAD, PUT");
  const asked = req.headers["access-control-request-headers"];
  if (asked) res.setHeader("Access-Control-Allow-Headers", asked);
  res.setHeader("Access-Control-Max-Age", "3000");
  res.writeHead(204).end();
}

/**
 * Up to one part, the PUT goes to fauxqs as it is; a larger body is read part by part into a
 * multipart upload, so no size cap applies and at most one part is held in memory.
 */
async function storePut(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: URL,
  rawPath: string,
  partSize: number,
): Promise<void> {
  const declared = Number(req.headers["content-length"]);
  if (!Number.isFinite(declared)) return sendError(res, 411, "MissingContentLength", "Content-Length is required");
  if (declared <= partSize) return passThrough(req, res, upstream);
  const contentType = String(req.headers["content-type"] ?? "application/octet-stream");
  const created = await call(upstream, "POST", `${rawPath}?uploads`, { "content-type": contentType });
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.body.toString("utf8"))?.[1];
  if (created.status !== 200 || !uploadId) throw new Error(`fauxqs refused a multipart upload (${created.status})`);
  const id = encodeURIComponent(uploadId);
  const parts: string[] = [];
  const sendPart = async (bytes: Buffer) => {
    const n = parts.length + 1;
    const out = await call(upstream, "PUT", `${rawPath}?partNumber=${n}&uploadId=${id}`, {}, bytes);
    if (out.status !== 200) throw new Error(`fauxqs refused part ${n} (${out.status})`);
    parts.push(`<Part><PartNumber>${n}</PartNumber><ETag>${String(out.headers.etag ?? "")}</ETag></Part>`);
  };
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    // awaiting inside the loop pauses the socket: at most one part is held in memory
    for await (const chunk of req as AsyncIterable<Buffer>) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < partSize) continue;
      const all = Buffer.concat(pending);
      await sendPart(all.subarray(0, partSize));
      pending = [all.subarray(partSize)];
      pendingBytes = all.length - partSize;
    }
    if (pendingBytes > 0) await sendPart(Buffer.concat(pending));
    const done = await call(
      upstream,
      "POST",
      `${rawPath}?uploadId=${id}`,
      { "content-type": "application/xml" },
      Buffer.from(`<CompleteMultipartUpload>${parts.join("")}</CompleteMultipartUpload>`),
    );
    if (done.status !== 200) throw new Error(`fauxqs refused to complete a multipart upload (${done.status})`);
    const etag = /<ETag>([^<]+)<\/ETag>/.exec(done.body.toString("utf8"))?.[1];
    if (etag) res.setHeader("ETag", etag.replaceAll("&quot;", '"'));
    res.writeHead(200).end();
  } catch (err) {
    await call(upstream, "DELETE", `${rawPath}?uploadId=${id}`, {}).catch(() => undefined);
    throw err;
  }
}

/** One buffered request to fauxqs (the multipart steps: one part at most, and short answers). */
function call(
  upstream: URL,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method,
        path,
        headers: { ...headers, "content-length": String(body?.length ?? 0) },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (c: Buffer) => chunks.push(c));
        answer.on("end", () =>
          resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }),
        );
        answer.on("error", reject);
      },
    );
    out.on("error", reject);
    out.end(body);
  });
}

/** The SDK clients' own (header-signed) requests: fauxqs answers them as they are. */
function passThrough(req: IncomingMessage, res: ServerResponse, upstream: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    const { expect: _expect, ...headers } = req.headers;
    const out = httpRequest(
      { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("end", resolve);
        answer.on("error", reject);
      },
    );
    out.on("error", reject);
    req.pipe(out);
  });
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(body) }).end(body);
}
