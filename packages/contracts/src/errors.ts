import { z } from "zod";

/** Stable machine codes. Clients switch on these; never rename one. */
export const ERROR_CODES = [
  "validation_failed",
  "unauthorized",
  "forbidden",
  "not_found",
  "route_not_found",
  "method_not_allowed",
  "conflict",
  "invalid_state",
  "rate_limited",
  "quota_exceeded",
  "payload_too_large",
  "media_too_large",
  "unsupported_media_type",
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const FieldIssue = z.object({
  path: z.string().describe("dotted path of the offending field, e.g. body.name"),
  message: z.string(),
  code: z.string().optional(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(FieldIssue).optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
