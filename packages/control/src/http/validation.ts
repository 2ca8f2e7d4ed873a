import type { Hook } from "@hono/zod-openapi";
import type { FieldIssue } from "@wharf/contracts";
import { ValidationError } from "@wharf/core";
import type { ZodError } from "zod";
import type { AppEnv } from "../env";

/** Request part names as clients know them (`body.name`, `query.limit`, `params.id`). */
const TARGET_PREFIX: Record<string, string> = {
  json: "body",
  form: "body",
  query: "query",
  param: "params",
  header: "headers",
  cookie: "cookies",
};

function joinPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  return [prefix, ...path.map((p) => String(p))].join(".");
}

/** Flattens zod issues into FieldIssues; unknown keys get one entry each so clients can point at them. */
export function zodIssuesToDetails(target: string, error: ZodError): FieldIssue[] {
  const prefix = TARGET_PREFIX[target] ?? target;
  const details: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        details.push({ path: joinPath(prefix, [...issue.path, key]), message: "unknown field", code: issue.code });
      }
      continue;
    }
    details.push({ path: joinPath(prefix, issue.path), message: issue.message, code: issue.code });
  }
  return details;
}

/**
 * The zod-openapi defaultHook: a failed parse becomes a ValidationError, so it travels the
 * same road as every other error (app.onError) and gets the same shape.
 */
export const validationHook: Hook<unknown, AppEnv, string, undefined> = (result) => {
  if (result.success) return undefined;
  const details = zodIssuesToDetails(result.target, result.error);
  const fields = [...new Set(details.map((d) => d.path))].join(", ");
  throw new ValidationError(`invalid request: ${fields}`, details);
};
