import { z } from "zod";
import { ApiKeyScope } from "./api-keys";
import { ApiKeyId, AuditEntryId } from "./ids";

/** Audit entries are kept this long unless the deployment configures otherwise. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 90;

/** Who made a call: one of the tenant's keys (with the scopes it had then) or the platform admin. */
export const AuditActor = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("api_key"),
    keyId: ApiKeyId,
    scopes: z.array(ApiKeyScope).nullable().describe("the key's scopes at the time; null: full access"),
  }),
  z.object({ type: z.literal("admin") }),
]);
export type AuditActor = z.infer<typeof AuditActor>;

/** One mutating call (POST, PUT, PATCH, DELETE) on the tenant's resources, whatever its outcome. */
export const AuditEntry = z.object({
  id: AuditEntryId,
  at: z.string().datetime(),
  actor: AuditActor,
  action: z.string().describe("what was attempted, e.g. session.create, api_key.revoke"),
  target: z.string().nullable().describe("id of the resource acted on (or created); null when there is none"),
  result: z.object({
    status: z.number().int().describe("the HTTP status answered"),
    outcome: z.enum(["ok", "error"]),
    code: z.string().nullable().describe("the error code when outcome is error"),
  }),
  requestId: z.string(),
  sourceAddress: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** `GET /v1/audit`: a page, optionally one actor (a key id or `admin`), one action and a time window. */
export const AuditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(2048).optional().describe("opaque cursor from a previous page's nextCursor"),
    actor: z
      .union([ApiKeyId, z.literal("admin")])
      .optional()
      .describe("a key id, or `admin`"),
    action: z
      .string()
      .regex(/^[a-z_]+\.[a-z_]+$/, { message: "an action name like session.create" })
      .optional(),
    from: z.string().datetime().optional().describe("entries at or after this time"),
    to: z.string().datetime().optional().describe("entries at or before this time"),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: "from must not be after to",
    path: ["from"],
  });
export type AuditQuery = z.infer<typeof AuditQuery>;
