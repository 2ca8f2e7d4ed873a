import type { RealtimeFrame } from "@wharf/contracts";
import type { ConnectionRecord, ConnectionStore, RealtimeConnectionPoster } from "./ports";

/**
 * Whether a connection may receive a frame: a token minted by a session-limited key only gets
 * its sessions' frames; message and chat frames need messages:read, QR frames sessions:write (like
 * GET /qr: scanning links a phone) and status frames sessions:read.
 */
export function connectionMayReceive(c: ConnectionRecord, frame: Pick<RealtimeFrame, "type" | "sessionId">): boolean {
  if (c.sessionIds && !c.sessionIds.includes(frame.sessionId)) return false;
  const needed =
    frame.type.startsWith("message:") || frame.type.startsWith("chat:")
      ? "messages:read"
      : frame.type === "connection:qr"
        ? "sessions:write"
        : "sessions:read";
  return !c.scopes || c.scopes.includes(needed);
}

export interface FanOutDeps {
  connections: ConnectionStore;
  poster: RealtimeConnectionPoster;
  clock: { now(): Date };
  /** failures posting to one connection are reported here and never stop the others */
  onError?: (err: unknown, connectionId: string) => void;
}

export interface FanOutReport {
  sent: number;
  gone: number;
  failed: number;
}

/**
 * Posts one frame to every live connection of its tenant. A connection the gateway says is
 * gone (GoneException) is deleted; other failures are reported and skipped, since a frame is
 * a hint the dashboard can recover from with a refetch, never the only copy of anything.
 */
export async function fanOut(deps: FanOutDeps, frame: RealtimeFrame): Promise<FanOutReport> {
  const connections = (await deps.connections.listByTenant(frame.tenantId, deps.clock.now())).filter((c) =>
    connectionMayReceive(c, frame),
  );
  const report: FanOutReport = { sent: 0, gone: 0, failed: 0 };
  await Promise.all(
    connections.map(async (c) => {
      try {
        if (await deps.poster.post(c.connectionId, frame)) {
          report.sent++;
          return;
        }
        report.gone++;
        await deps.connections.delete(c.connectionId);
      } catch (err) {
        report.failed++;
        deps.onError?.(err, c.connectionId);
      }
    }),
  );
  return report;
}
