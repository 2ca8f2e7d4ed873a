/**
 * Realtime connections (DESIGN §5): one record per open dashboard WebSocket, tied to the
 * tenant whose token opened it, kept with a TTL (API Gateway closes sockets after 2 h).
 */
export interface ConnectionRecord {
  connectionId: string;
  tenantId: string;
  /** the API key that minted the token */
  keyId: string | null;
  /** the minting key's scopes (null or absent: full access) */
  scopes?: string[] | null;
  /** the minting key's session limit (null or absent: every session) */
  sessionIds?: string[] | null;
  connectedAt: string;
  expiresAt: string;
}

export interface ConnectionStore {
  put(connection: ConnectionRecord): Promise<void>;
  delete(connectionId: string): Promise<void>;
  get(connectionId: string): Promise<ConnectionRecord | null>;
  /** the tenant's connections that have not expired at `now` */
  listByTenant(tenantId: string, now: Date): Promise<ConnectionRecord[]>;
}

/** API Gateway closes WebSocket connections after two hours at most. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60 + 5 * 60;

/** Realtime fan-out to one WebSocket connection; returns false if the connection is gone. */
export interface RealtimeConnectionPoster {
  post(connectionId: string, frame: unknown): Promise<boolean>;
}
