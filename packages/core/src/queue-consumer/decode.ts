import type { FieldIssue } from "@wharf/contracts";
import type { z } from "zod";
import { ValidationError } from "../errors";

export type DecodedBody<T> = { ok: true; value: T } | { ok: false; error: ValidationError };

/**
 * Parses a queue message body (JSON) and validates it with its schema, once. A body that is
 * not JSON or fails the schema is a ValidationError (not retryable: the same bytes fail the
 * same way every time). Issue details name paths only, never values, so they are safe to log
 * and to record on a dead letter.
 */
export function decodeQueueBody<S extends z.ZodType>(
  body: string,
  schema: S,
  what = "message",
): DecodedBody<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {
      ok: false,
      error: new ValidationError(`${what} body is not JSON`, [
        { path: "body", message: "not JSON", code: "invalid_json" },
      ]),
    };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const details: FieldIssue[] = parsed.error.issues.map((i) => ({
    path: ["body", ...i.path.map(String)].join("."),
    message: i.message,
    code: i.code,
  }));
  const fields = [...new Set(details.map((d) => d.path))].join(", ");
  return { ok: false, error: new ValidationError(`invalid ${what}: ${fields}`, details) };
}
