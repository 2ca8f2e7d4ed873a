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
  /**
   * Marks a realtime token as used, kept until it expires: true the first time, false after,
   * so one token opens one connection.
   */
  claimToken(tenantId: string, tokenId: string, expiresAt: Date): Promise<boolean>;
}

/** Closes a WebSocket connection from the server side (API Gateway: DELETE @connections/{id}). */
export interface RealtimeConnectionCloser {
  /** false when the connection was gone already */
  close(connectionId: string): Promise<boolean>;
}

/** Realtime fan-out to one WebSocket connection; returns false if the connection is gone. */
export interface RealtimeConnectionPoster {
  post(connectionId: string, frame: unknown): Promise<boolean>;
}
