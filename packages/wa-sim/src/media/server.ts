import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { simulatorMediaServerCertificate } from "./certificates";
import type { MediaStore } from "./store";

const UPLOAD_PATH = /^\/mms\/(?<type>image|video|audio|document)\/(?<token>[A-Za-z0-9_-]{43})$/;

export interface MediaServer {
  /** `HOST:PORT`: what media_conn announces as the upload host and clients use for direct paths. */
  readonly hostname: string;
  readonly port: number;
  /** `https://HOST:PORT` */
  readonly origin: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > limit) throw new HttpError(413, "too_large");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, "too_large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  const payload = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
};

/**
 * The simulator's media host over HTTPS, with a certificate from the simulator's own CA:
 * `POST /mms/<type>/<fileEncSha256 b64url>?auth=…&token=…` stores an encrypted upload (auth must
 * be a live media_conn token, the body must hash to the token) and answers `{url, direct_path}`;
 * `GET <direct path>` serves the encrypted bytes back.
 */
export async function startMediaServer(opts: {
  store: MediaStore;
  host: string;
  port: number;
  logger: Logger;
}): Promise<MediaServer> {
  const { store, host, logger } = opts;
  const certificate = simulatorMediaServerCertificate([...new Set([host, "127.0.0.1", "::1", "localhost"])]);
  let origin = "";
  const server: Server = createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
    void handle(req, res).catch((err) => {
      if (err instanceof HttpError) return json(res, err.status, { error: err.code });
      logger.warn({ err }, "media request failed");
      json(res, 500, { error: "internal" });
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "https://media.sim");
    if (req.method === "POST") {
      const match = UPLOAD_PATH.exec(url.pathname);
      if (!match) throw new HttpError(404, "not_found");
      const accountId = store.accountForAuth(url.searchParams.get("auth") ?? "");
      if (!accountId) throw new HttpError(401, "auth_invalid");
      const body = await readBody(req, store.limits.maxUploadBytes);
      const token = match.groups!.token!;
      if (createHash("sha256").update(body).digest("base64url") !== token) throw new HttpError(400, "hash_mismatch");
      const directPath = store.put(match.groups!.type!, body, accountId);
      return json(res, 200, { url: `${origin}${directPath}&mms3=true`, direct_path: directPath });
    }
    if (req.method === "GET" || req.method === "HEAD") {
      const blob = store.get(url.pathname);
      if (!blob) throw new HttpError(404, "not_found");
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": blob.encrypted.length });
      res.end(req.method === "HEAD" ? undefined : blob.encrypted);
      return;
    }
    throw new HttpError(405, "method_not_allowed");
  };

  const sockets = new Set<Duplex>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // TLS failures (a client that does not trust the simulator CA) are the client's business.
  server.on("tlsClientError", (err) => logger.debug({ err }, "media TLS handshake failed"));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostname = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  origin = `https://${hostname}`;
  return {
    hostname,
    port,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
