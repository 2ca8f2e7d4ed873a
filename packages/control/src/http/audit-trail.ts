import type { AuditActor } from "@wharf/contracts";
import { METRICS, auditRecordOf, type AuditRecord } from "@wharf/core";
import type { Context, MiddlewareHandler } from "hono";
import type { AcceptAudit, AppDeps, AppEnv, AppVariables, Principal, TenantEnv } from "../env";
import { actionOf } from "./scopes";
import { sourceAddressOf } from "./source-address";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const TENANT_ID = /^ten_[0-9A-HJKMNP-TV-Z]{26}$/;

function actorOf(p: Principal): AuditActor {
  return p.type === "admin"
    ? { type: "admin" }
    : { type: "api_key", keyId: p.keyId, scopes: p.access.scopes ? [...p.access.scopes] : null };
}

/** The id a successful create answered with (`id`, or `tenant.id` for a new tenant). */
async function createdIdOf(c: Context<AppEnv>): Promise<string | null> {
  if (c.res.status !== 201 || !(c.res.headers.get("content-type") ?? "").includes("json")) return null;
  try {
    const body = (await c.res.clone().json()) as { id?: unknown; tenant?: { id?: unknown } };
    const id = body.id ?? body.tenant?.id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

/**
 * Records every authenticated mutating call (POST, PUT, PATCH, DELETE), whatever its outcome,
 * in the audit log of the tenant it concerns: the key's tenant, or for admin calls the tenant
 * acted on. Runs after the response is made and never changes it: a failed write is logged
 * with the whole entry (so it can be recovered from the logs) and counted (AuditWriteFailures).
 */
export function auditTrail(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const principal = c.get("principal");
    const op = c.get("operation");
    if (!principal || !op || !MUTATING.has(c.req.method)) return;
    // written with the send's accept; a send that fails after it (queue down) gets a second entry
    const early = c.get("acceptAudit");
    if (early?.written && c.res.status === early.rider.record.result.status) return;
    const createdId = op.pathId === null ? await createdIdOf(c) : null;
    const target = op.pathId ?? createdId;
    const tenantId = principal.type === "api_key" ? principal.tenantId : target;
    const record = recordOf(deps, c, principal, op, target, c.res.status);
    if (!tenantId || !TENANT_ID.test(tenantId)) {
      // an admin call that named no tenant (e.g. a refused create): nowhere to file it but the log
      c.get("logger").info({ audit: record }, "audit entry without a tenant");
      return;
    }
    await store(deps, c, tenantId, record);
  };
}

function recordOf(
  deps: AppDeps,
  c: Context<AppEnv> | Context<TenantEnv>,
  principal: Principal,
  op: NonNullable<AppVariables["operation"]>,
  target: string | null,
  status: number,
): AuditRecord {
  return auditRecordOf(
    { clock: deps.clock, ...(deps.auditRetentionDays ? { retentionDays: deps.auditRetentionDays } : {}) },
    {
      actor: actorOf(principal),
      action: actionOf(op.method, op.routePath),
      target,
      status,
      errorCode: (c as Context<AppEnv>).get("errorCode") ?? null,
      requestId: (c as Context<AppEnv>).get("requestId"),
      sourceAddress: sourceAddressOf(c),
    },
  );
}

/**
 * A send's audit entry as accepted (202), to ride in its accept write (core SendRiders); the
 * trail above skips it once written. Null for a caller without a tenant key.
 */
export function acceptAuditOf(deps: AppDeps, c: Context<TenantEnv>, accepted: number): AcceptAudit | null {
  const principal = c.get("principal");
  const op = c.get("operation");
  if (principal?.type !== "api_key" || !op) return null;
  const record = recordOf(deps, c, principal, op, op.pathId, accepted);
  const early: AcceptAudit = { rider: { tenantId: principal.tenantId, record }, written: false };
  c.set("acceptAudit", early);
  return early;
}

async function store(deps: AppDeps, c: Context<AppEnv>, tenantId: string, record: AuditRecord): Promise<void> {
  try {
    await deps.repos.audit.append(tenantId, record);
  } catch (err) {
    c.get("logger").error({ err, tenantId, audit: record }, "audit write failed; the entry is in this line");
    deps.metrics?.put(
      [{ name: METRICS.auditWriteFailures, value: 1, unit: "Count" }],
      {},
      { requestId: record.requestId },
    );
  }
}
