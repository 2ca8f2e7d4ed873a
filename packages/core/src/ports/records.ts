import type { DesiredState, DisconnectInfo, PacingSettings, SessionHealth, SessionStatus } from "@wharf/contracts";

/** What the repositories store. The REST shapes in contracts are projections of these. */
export interface TenantRecord {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  /** visible prefix of the secret, for identification in lists */
  prefix: string;
  /** hex SHA-256 of the whole secret; the secret itself is never stored */
  hash: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface SessionLease {
  owner: string | null;
  /** fencing token: incremented on every claim (DESIGN §4) */
  epoch: number;
  leaseUntil: string | null;
}

export interface SessionRecord {
  id: string;
  tenantId: string;
  name: string;
  status: SessionStatus;
  desiredState: DesiredState;
  phone: string | null;
  /** the linked account's push name, once open; personal data, never logged */
  accountName: string | null;
  pacing: PacingSettings;
  lastDisconnect: DisconnectInfo | null;
  health: SessionHealth;
  lease: SessionLease;
  createdAt: string;
  updatedAt: string;
}
