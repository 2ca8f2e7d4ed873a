import { z } from "zod";

/** Every entity id is a prefixed ULID: `ten_01J…`. The prefix says what the id names. */
export const ID_PREFIXES = {
  tenant: "ten",
  apiKey: "key",
  session: "ses",
  message: "msg",
  webhook: "whk",
  worker: "wrk",
  event: "evt",
  command: "cmd",
  delivery: "dlv",
  audit: "aud",
  media: "med",
  operation: "op",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const ULID = "[0-9A-HJKMNP-TV-Z]{26}";

export function idSchema<K extends IdKind>(kind: K) {
  const prefix = ID_PREFIXES[kind];
  return z
    .string()
    .regex(new RegExp(`^${prefix}_${ULID}$`), { message: `must be a ${kind} id (${prefix}_ followed by a ULID)` });
}

export const TenantId = idSchema("tenant");
export const ApiKeyId = idSchema("apiKey");
export const AuditEntryId = idSchema("audit");
export const SessionId = idSchema("session");
export const MessageId = idSchema("message");
export const WebhookId = idSchema("webhook");
export const WorkerId = idSchema("worker");
export const EventId = idSchema("event");
export const CommandId = idSchema("command");
export const MediaId = idSchema("media");
export const OperationId = idSchema("operation");
