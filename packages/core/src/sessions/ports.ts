import type { DesiredState, DisconnectInfo, PacingSettings, SessionHealth, SessionStatus } from "@wharf/contracts";
import type { PageRequest, PageResult } from "../paging";

export interface SessionLease {
  owner: string | null;
  /** fencing token: incremented on every claim (DESIGN §4) */
  epoch: number;
  leaseUntil: string | null;
}

/** A session as stored. The REST shape in contracts is a projection of it. */
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

export type SessionPatch = Partial<
  Pick<
    SessionRecord,
    "name" | "status" | "desiredState" | "phone" | "accountName" | "pacing" | "lastDisconnect" | "health"
  >
> & { updatedAt: string };

/**
 * Session store port. Adapters: DynamoDB in packages/aws, in-memory in core/testing.
 * Every lookup takes the tenantId: a session of another tenant is simply absent.
 * Invalid cursors throw ValidationError; lost races throw ConflictError.
 */
export interface SessionStore {
  /** throws ConflictError if the id exists */
  create(session: SessionRecord): Promise<void>;
  get(tenantId: string, id: string): Promise<SessionRecord | null>;
  /** get for many in as few reads as the store allows, as strongly consistent; absent: one get each */
  getMany?(refs: Array<{ tenantId: string; id: string }>): Promise<Array<SessionRecord | null>>;
  /** newest first */
  list(tenantId: string, page: PageRequest): Promise<PageResult<SessionRecord>>;
  /**
   * Applies the patch if the session exists (null otherwise). With `ifUpdatedAt`, applies only
   * if the stored updatedAt still equals it (optimistic concurrency), else ConflictError.
   */
  update(
    tenantId: string,
    id: string,
    patch: SessionPatch,
    opts?: { ifUpdatedAt?: string },
  ): Promise<SessionRecord | null>;
  /** returns false when there was nothing to delete; also removes the session's auth state */
  delete(tenantId: string, id: string): Promise<boolean>;
}
