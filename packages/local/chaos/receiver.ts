import { createServer, type Server } from "node:http";

export interface Delivery {
  eventId: string;
  sessionId: string | null;
  createdAt: string;
  status: number;
  at: number;
}

/** A webhook endpoint that answers 503 while `down`, and records every attempt. */
export async function startWebhookReceiver(): Promise<{
  url: string;
  attempts: Delivery[];
  setDown(down: boolean): void;
  stop(): Promise<void>;
}> {
  const attempts: Delivery[] = [];
  let down = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = down ? 503 : 200;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        attempts.push({
          eventId: body.id,
          sessionId: body.sessionId,
          createdAt: body.createdAt,
          status,
          at: Date.now(),
        });
      } catch {
        attempts.push({ eventId: "unparsable", sessionId: null, createdAt: "", status, at: Date.now() });
      }
      res.writeHead(status).end();
    });
  });
  const port = await new Promise<number>((r) =>
    server.listen(0, "127.0.0.1", () => r((server.address() as { port: number }).port)),
  );
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    attempts,
    setDown: (d) => {
      down = d;
    },
    stop: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Per session, how many successful deliveries arrived after a later event of that session. */
export function outOfOrder(delivered: Array<Pick<Delivery, "sessionId" | "createdAt">>): number {
  const latest = new Map<string, string>();
  let inversions = 0;
  for (const d of delivered) {
    const key = d.sessionId ?? "";
    const seen = latest.get(key);
    if (seen !== undefined && d.createdAt < seen) inversions++;
    else latest.set(key, d.createdAt);
  }
  return inversions;
}
