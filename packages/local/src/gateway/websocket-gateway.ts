import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import { connectEvent, disconnectEvent, messageEvent, type GatewayHandler } from "./events";

export interface WebSocketGatewayOptions {
  port?: number;
  host?: string;
  /** the same handler the "ws" Lambda runs */
  handler: GatewayHandler;
  logger: Logger;
  /** stage path of the management endpoint, like API Gateway's (default: none) */
  stage?: string;
}

export interface WebSocketGateway {
  /** where clients connect: ws://host:port/ (append ?token=…) */
  url: string;
  /** the management API endpoint for ApiGatewayManagementApiClient */
  managementEndpoint: string;
  port: number;
  connectionCount(): number;
  stop(): Promise<void>;
}

interface Live {
  ws: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string;
}

const CONNECTIONS_PATH = /^(?:\/[^/]+)*\/@connections\/([^/?]+)$/;

/**
 * The local stand-in for an API Gateway WebSocket API (DESIGN §6): upgrades become $connect
 * events (a non-2xx answer refuses the handshake with that status), client frames $default,
 * closes $disconnect, all handed to the same handler as on AWS. The same port serves the
 * management API (POST/GET/DELETE /@connections/{id}; unknown ids answer 410 with
 * x-amzn-ErrorType GoneException), so the real ApiGatewayManagementApiClient works unchanged.
 */
export async function startWebSocketGateway(opts: WebSocketGatewayOptions): Promise<WebSocketGateway> {
  const live = new Map<string, Live>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 128 * 1024 });
  const server: Server = createServer((req, res) => void management(req, res));
  const log = opts.logger.child({ component: "ws-gateway" });
  // while stopping, sockets close without $disconnect: the stores may be gone already and
  // the connection records expire by TTL
  let stopping = false;

  async function management(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://local").pathname;
    const match = CONNECTIONS_PATH.exec(path);
    if (!match?.[1]) return reply(res, 404, { message: "Not Found" }, "NotFoundException");
    const id = decodeURIComponent(match[1]);
    const conn = live.get(id);
    const body = await readBody(req);
    if (!conn) return reply(res, 410, { message: null }, "GoneException");
    switch (req.method) {
      case "POST":
        conn.ws.send(body.toString("utf8"));
        return reply(res, 200, null);
      case "GET":
        return reply(res, 200, {
          connectedAt: new Date(conn.connectedAt).toISOString(),
          lastActiveAt: new Date(conn.lastActiveAt).toISOString(),
          identity: { sourceIp: conn.sourceIp, userAgent: conn.userAgent },
        });
      case "DELETE":
        conn.ws.close(1000, "closed by the server");
        return reply(res, 204, null);
      default:
        return reply(res, 405, { message: "Method Not Allowed" }, "MethodNotAllowedException");
    }
  }

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void upgrade(req, socket, head).catch((err: unknown) => {
      log.error({ err }, "$connect failed");
      refuse(socket, 500);
    });
  });

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const connectionId = randomBytes(12).toString("base64");
    const result = await opts.handler(connectEvent(req, connectionId, context()));
    const status = result?.statusCode ?? 200;
    if (status < 200 || status > 299) return refuse(socket, status);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const now = Date.now();
      const conn: Live = {
        ws,
        connectedAt: now,
        lastActiveAt: now,
        sourceIp: req.socket.remoteAddress ?? "",
        userAgent: req.headers["user-agent"] ?? "",
      };
      live.set(connectionId, conn);
      ws.on("message", (data, isBinary) => {
        conn.lastActiveAt = Date.now();
        const body = isBinary ? Buffer.from(data as Buffer).toString("base64") : data.toString();
        void opts
          .handler(messageEvent(connectionId, body, isBinary, context()))
          .catch((err: unknown) => log.error({ err, connectionId }, "$default failed"));
      });
      ws.on("close", () => {
        live.delete(connectionId);
        if (stopping) return;
        void opts
          .handler(disconnectEvent(connectionId, context()))
          .catch((err: unknown) => log.error({ err, connectionId }, "$disconnect failed"));
      });
      ws.on("error", (err) => log.warn({ err, connectionId }, "socket error"));
    });
  }

  const host = opts.host ?? "127.0.0.1";
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve((server.address() as { port: number }).port));
  });
  const origin = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  const stagePath = opts.stage ? `/${opts.stage}` : "";
  const context = () => ({
    domainName: origin,
    stage: opts.stage ?? "$default",
    apiId: "local",
    requestId: randomUUID(),
  });
  log.info({ port }, "websocket gateway listening");

  return {
    url: `ws://${origin}${stagePath}`,
    managementEndpoint: `http://${origin}${stagePath}`,
    port,
    connectionCount: () => live.size,
    async stop() {
      stopping = true;
      for (const { ws } of live.values()) ws.terminate();
      live.clear();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function reply(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = { "content-type": "application/json", "x-amzn-requestid": randomUUID() };
  if (errorType) headers["x-amzn-errortype"] = errorType;
  res.writeHead(status, headers);
  res.end(body === null || status === 204 ? undefined : JSON.stringify(body));
}

function refuse(socket: Duplex, status: number): void {
  const text = status === 401 ? "Unauthorized" : status === 403 ? "Forbidden" : "Error";
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
