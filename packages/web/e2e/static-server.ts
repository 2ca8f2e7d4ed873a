import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { WebSocketServer, type WebSocket } from "ws";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".map": "application/json",
  ".png": "image/png",
};

export interface ApiAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type ApiHandler = (req: {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: unknown;
}) => ApiAnswer;

export interface TestServer {
  url: string;
  port: number;
  /** Sends a frame to every connected dashboard WebSocket. */
  broadcast: (frame: unknown) => void;
  sockets: () => number;
  close: () => Promise<void>;
}

/**
 * Serves a built dist/ at `/` like the local runtime will, answers `/v1/*` with `api`, and
 * accepts WebSockets on `/v1/realtime` (the stubbed realtime endpoint).
 */
export async function startTestServer(
  distDir: string,
  api: ApiHandler,
  /** PUTs under /s3/ (a stand-in for presigned upload URLs): path, content type and bytes */
  onUpload?: (upload: { path: string; contentType: string | undefined; bytes: number }) => void,
): Promise<TestServer> {
  const wss = new WebSocketServer({ noServer: true });
  const clients = new Set<WebSocket>();
  wss.on("connection", (ws) => {
    clients.add(ws);
    ws.on("close", () => clients.delete(ws));
  });

  const server: Server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "PUT" && url.pathname.startsWith("/s3/")) {
      let bytes = 0;
      for await (const c of req) bytes += (c as Buffer).length;
      onUpload?.({ path: url.pathname, contentType: req.headers["content-type"], bytes });
      res.writeHead(200).end();
      return;
    }
    if (url.pathname.startsWith("/v1/")) {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks).toString("utf8");
      const answer = api({
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
      });
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
      return;
    }
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(distDir, rel === "/" ? "index.html" : rel);
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(distDir, "index.html");
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  }

  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/v1/realtime" || !url.searchParams.get("token")) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    broadcast: (frame) => {
      for (const c of clients) c.send(JSON.stringify(frame));
    },
    sockets: () => clients.size,
    close: async () => {
      for (const c of clients) c.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
