import type { Server } from "node:http";
import { serve } from "@hono/node-server";

/** The local runtime's HTTP listeners: start on a port, close without waiting for idle sockets. */

export function listen(
  fetch: (req: Request, env?: object) => Response | Promise<Response>,
  port: number,
  hostname: string,
): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info) =>
      resolve({ server: server as Server, port: info.port }),
    ) as Server;
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? portInUse(port, hostname) : err),
    );
  });
}

export function portInUse(port: number, host: string): Error {
  return new Error(`port ${port} on ${host} is in use; pick another with --port`);
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // idle keep-alive sockets would hold close() open
    server.closeAllConnections();
  });
}

/** the host for URLs printed to people: a wildcard bind is reached as localhost */
export function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}
