import type { ApiKeyStore } from "../api-keys/ports";
import type { Clock } from "../clock";
import { UnauthorizedError } from "../errors";
import type { ConnectionRecord, ConnectionStore, RealtimeConnectionCloser } from "./ports";

export interface RealtimeAccessDeps {
  connections: ConnectionStore;
  apiKeys: Pick<ApiKeyStore, "get">;
  clock: Clock;
}

export interface VerifiedToken {
  tenantId: string;
  /** the API key that minted the token (null: minted without one) */
  keyId: string | null;
  /** the token's unique id (jti) */
  tokenId: string;
  expiresAt: Date;
  /** the minting key's scopes (null or absent: full access) */
  scopes?: readonly string[] | null;
  /** the minting key's session limit (null or absent: every session) */
  sessionIds?: readonly string[] | null;
}

/** API Gateway closes WebSocket connections after two hours at most. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60 + 5 * 60;

/**
 * Admits a WebSocket $connect with a verified token: the key behind it must still exist (a
 * revoked key's tokens stop at once) and the token must not have opened a connection before.
 * The key is checked again once the connection is stored, so a revocation racing the
 * $connect cannot leave a connection the revocation did not see.
 */
export async function admitConnection(
  deps: RealtimeAccessDeps,
  token: VerifiedToken,
  connectionId: string,
): Promise<ConnectionRecord> {
  const keyLive = async () => token.keyId === null || (await deps.apiKeys.get(token.tenantId, token.keyId)) !== null;
  if (!(await keyLive())) throw new UnauthorizedError("the API key behind this realtime token was revoked");
  if (!(await deps.connections.claimToken(token.tenantId, token.tokenId, token.expiresAt))) {
    throw new UnauthorizedError("this realtime token was used already; mint a new one for each connection");
  }
  const now = deps.clock.now();
  const record: ConnectionRecord = {
    connectionId,
    tenantId: token.tenantId,
    keyId: token.keyId,
    scopes: token.scopes ? [...token.scopes] : null,
    sessionIds: token.sessionIds ? [...token.sessionIds] : null,
    connectedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + CONNECTION_TTL_SECONDS * 1000).toISOString(),
  };
  await deps.connections.put(record);
  if (!(await keyLive())) {
    await deps.connections.delete(connectionId);
    throw new UnauthorizedError("the API key behind this realtime token was revoked");
  }
  return record;
}

export interface RevocationDeps {
  connections: ConnectionStore;
  /** null where nothing can close sockets (no management API): the records still go, so no frame reaches them */
  closer: RealtimeConnectionCloser | null;
  clock: Clock;
}

/**
 * After a key is revoked: closes every live connection opened with its tokens and forgets
 * them. A record is deleted even when closing fails, so fan-out never sends it another frame.
 */
export async function closeKeyConnections(
  deps: RevocationDeps,
  tenantId: string,
  keyId: string,
): Promise<{ closed: number; failed: number }> {
  const mine = (await deps.connections.listByTenant(tenantId, deps.clock.now())).filter((c) => c.keyId === keyId);
  const report = { closed: 0, failed: 0 };
  await Promise.all(
    mine.map(async (c) => {
      try {
        if (deps.closer) await deps.closer.close(c.connectionId);
        report.closed++;
      } catch {
        report.failed++;
      }
      await deps.connections.delete(c.connectionId);
    }),
  );
  return report;
}
