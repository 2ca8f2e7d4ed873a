import type { OperationName } from "@wharf/contracts";

/** Operation statuses: pending until the owner's answer (or the timeout) settles it, once. */
export type OperationStatus = "pending" | "succeeded" | "failed";

export interface OperationRecord {
  tenantId: string;
  sessionId: string;
  id: string;
  op: OperationName;
  status: OperationStatus;
  /** the op's result once succeeded (validated by the op's schema when published) */
  result: unknown;
  failure: { code: string; message: string } | null;
  createdAt: string;
  settledAt: string | null;
  /** past this, a pending record is settled as `operation_timeout` by whoever reads it */
  deadlineAt: string;
  /** the store forgets the record after this (DynamoDB TTL) */
  expiresAt: string;
}

export type OperationSettlement = Pick<OperationRecord, "status" | "result" | "failure"> & {
  status: "succeeded" | "failed";
  settledAt: string;
};

/**
 * Where operations wait for their answer (DynamoDB in aws, in memory for tests). `settle`
 * writes only a pending record, so the first answer wins and a late one changes nothing.
 */
export interface OperationStore {
  create(record: OperationRecord): Promise<void>;
  get(tenantId: string, sessionId: string, id: string): Promise<OperationRecord | null>;
  /** true when this call settled it; false when it was settled already or is unknown */
  settle(tenantId: string, sessionId: string, id: string, settlement: OperationSettlement): Promise<boolean>;
  /**
   * Resolves with the record once it is no longer pending, or with the pending record (null
   * if unknown) when `waitMs` of real time ran out: a bounded wait on a condition, no sleep.
   */
  waitSettled(tenantId: string, sessionId: string, id: string, waitMs: number): Promise<OperationRecord | null>;
}
