import type { ConnectionRecord, ConnectionStore, RealtimeConnectionCloser } from "../realtime/ports";
import { copy } from "./paging";

/** Realtime connections and used tokens in memory, with the adapter's expiry rules. */
export class InMemoryConnectionStore implements ConnectionStore {
  private readonly connections = new Map<string, ConnectionRecord>();
  private readonly usedTokens = new Map<string, Date>();

  async put(connection: ConnectionRecord): Promise<void> {
    this.connections.set(connection.connectionId, copy(connection));
  }

  async delete(connectionId: string): Promise<void> {
    this.connections.delete(connectionId);
  }

  async get(connectionId: string): Promise<ConnectionRecord | null> {
    const c = this.connections.get(connectionId);
    return c ? copy(c) : null;
  }

  async listByTenant(tenantId: string, now: Date): Promise<ConnectionRecord[]> {
    return [...this.connections.values()]
      .filter((c) => c.tenantId === tenantId && Date.parse(c.expiresAt) > now.getTime())
      .map(copy);
  }

  async claimToken(tenantId: string, tokenId: string, expiresAt: Date): Promise<boolean> {
    const key = `${tenantId}|${tokenId}`;
    if (this.usedTokens.has(key)) return false;
    this.usedTokens.set(key, expiresAt);
    return true;
  }
}

/** Records which connections were closed; ids in `gone` answer false (closed already). */
export class InMemoryConnectionCloser implements RealtimeConnectionCloser {
  readonly closed: string[] = [];
  readonly gone = new Set<string>();

  async close(connectionId: string): Promise<boolean> {
    if (this.gone.has(connectionId)) return false;
    this.closed.push(connectionId);
    return true;
  }
}
