import { DEFAULT_AUDIT_RETENTION_DAYS, type AuditActor, type AuditEntry } from "@wharf/contracts";
import type { Clock } from "../clock";
import { newId } from "../ids";
import type { PageRequest, PageResult } from "../paging";
import type { AuditFilter, AuditLogStore, AuditRecord } from "./ports";

export interface AuditDeps {
  audit: AuditLogStore;
  clock: Clock;
  /** how long entries are kept (default DEFAULT_AUDIT_RETENTION_DAYS) */
  retentionDays?: number;
}

/** What the HTTP layer knows about one finished mutating call. */
export interface AuditedCall {
  actor: AuditActor;
  action: string;
  target: string | null;
  status: number;
  /** the error code answered, when the call failed */
  errorCode: string | null;
  requestId: string;
  sourceAddress: string | null;
}

const DAY_MS = 86_400_000;

/** The entry for a call, stamped now, expiring after the retention period. */
export function auditRecordOf(deps: Pick<AuditDeps, "clock" | "retentionDays">, call: AuditedCall): AuditRecord {
  const now = deps.clock.now();
  const retentionDays = deps.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const ok = call.status < 400;
  return {
    id: newId("audit", now.getTime()),
    at: now.toISOString(),
    actor: call.actor,
    action: call.action,
    target: call.target,
    result: { status: call.status, outcome: ok ? "ok" : "error", code: ok ? null : (call.errorCode ?? null) },
    requestId: call.requestId,
    sourceAddress: call.sourceAddress,
    expiresAt: new Date(now.getTime() + retentionDays * DAY_MS).toISOString(),
  };
}

/** Appends the call's entry and returns it. The caller decides what a failed write means. */
export async function recordAudit(deps: AuditDeps, tenantId: string, call: AuditedCall): Promise<AuditRecord> {
  const record = auditRecordOf(deps, call);
  await deps.audit.append(tenantId, record);
  return record;
}

/** The actor id entries are filtered by: the key id, or "admin". */
export function actorIdOf(actor: AuditActor): string {
  return actor.type === "admin" ? "admin" : actor.keyId;
}

/** Time bounds normalised to the stored form (toISOString), so string order is time order. */
export function normaliseAuditFilter(filter: AuditFilter): AuditFilter {
  return {
    ...(filter.actor ? { actor: filter.actor } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.from ? { from: new Date(filter.from).toISOString() } : {}),
    ...(filter.to ? { to: new Date(filter.to).toISOString() } : {}),
  };
}

/** The tenant's audit entries, newest first. */
export function listAuditEntries(
  deps: Pick<AuditDeps, "audit">,
  tenantId: string,
  filter: AuditFilter,
  page: PageRequest,
): Promise<PageResult<AuditEntry>> {
  return deps.audit.list(tenantId, normaliseAuditFilter(filter), page);
}
