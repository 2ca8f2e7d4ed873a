import type { SessionRecord } from "../sessions/ports";

/** Which events were applied (markers with a TTL well past SQS retention). */
export interface EventLog {
  isApplied(tenantId: string, sessionId: string, eventId: string): Promise<boolean>;
  markApplied(tenantId: string, sessionId: string, eventId: string, type: string, at: Date): Promise<void>;
  /** many markers in as few writes as the store allows (a batch's markers at its end) */
  markAppliedMany(markers: AppliedMarker[]): Promise<void>;
}

export interface AppliedMarker {
  tenantId: string;
  sessionId: string;
  eventId: string;
  type: string;
  at: Date;
}

export type OwnerProjectionPatch = Partial<
  Pick<SessionRecord, "status" | "phone" | "accountName" | "lastDisconnect" | "health">
> & {
  updatedAt: string;
};

export type ProjectionResult =
  | { result: "applied"; session: SessionRecord }
  | { result: "stale"; leaseEpoch: number }
  | { result: "missing" };

/**
 * The session item as events see it: an owner's patch applies only when its epoch is not
 * older than the lease epoch on the item (DESIGN §4), checked in the same conditional write.
 */
export interface SessionProjection {
  applyOwnerPatch(
    tenantId: string,
    sessionId: string,
    epoch: number,
    patch: OwnerProjectionPatch,
  ): Promise<ProjectionResult>;
}

/** Fleet-wide counters for the admin view. */
export interface FleetStatsRecorder {
  recordReconnect(at: Date): Promise<void>;
}
