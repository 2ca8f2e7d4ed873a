import { ValidationError } from "../errors";
import type { PageRequest, PageResult } from "../paging";

/**
 * Opaque cursors for the in-memory stores. Like the DynamoDB adapters' cursors they are
 * bound to the list they came from (`scope`), so a cursor from another list or tenant is
 * refused instead of silently resuming somewhere else.
 */
interface CursorBody {
  v: 1;
  s: string;
  k: string;
}

export function encodeCursor(scope: string, key: string): string {
  const body: CursorBody = { v: 1, s: scope, k: key };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

function invalidCursor(): ValidationError {
  return new ValidationError("invalid cursor", [
    { path: "query.cursor", message: "is not a cursor returned by this list", code: "invalid_cursor" },
  ]);
}

export function decodeCursor(scope: string, cursor: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const b = body as Partial<CursorBody> | null;
  if (typeof b !== "object" || b === null || b.v !== 1 || b.s !== scope || typeof b.k !== "string")
    throw invalidCursor();
  return b.k;
}

/**
 * One page of `items` (already in list order by `keyOf`, ascending or descending). Resumes
 * strictly after the cursor's key, so records deleted between pages do not shift the page.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  order: "asc" | "desc",
  scope: string,
  page: PageRequest,
): PageResult<T> {
  if (!Number.isInteger(page.limit) || page.limit < 1) {
    throw new ValidationError("invalid page size", [
      { path: "limit", message: "must be a positive integer", code: "invalid_limit" },
    ]);
  }
  let rest = items;
  if (page.cursor !== undefined) {
    const after = decodeCursor(scope, page.cursor);
    rest = items.filter((item) => (order === "asc" ? keyOf(item) > after : keyOf(item) < after));
  }
  const pageItems = rest.slice(0, page.limit);
  const last = pageItems[pageItems.length - 1];
  const nextCursor = rest.length > page.limit && last !== undefined ? encodeCursor(scope, keyOf(last)) : null;
  return { items: pageItems, nextCursor };
}

/** Stored records are copied in and out, as a database would, so callers cannot alias them. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
