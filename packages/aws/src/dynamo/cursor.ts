import { ValidationError } from "@wharf/core";

/** A DynamoDB key as found in LastEvaluatedKey (here always string attributes). */
export type CursorKey = Record<string, string>;

const CURSOR_PATH = "query.cursor";

/** Opaque cursor: base64url of the JSON of the last returned item's key. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/**
 * Decodes a cursor and checks it belongs to the query being run: exactly the expected key
 * attributes, all strings, and `accept` agrees (e.g. the partition is the caller's tenant).
 * Anything else is the caller's bad input: ValidationError on `query.cursor`, never a 500.
 */
export function decodeCursor(
  cursor: string,
  expectedAttributes: readonly string[],
  accept: (key: CursorKey) => boolean,
): CursorKey {
  const invalid = () =>
    new ValidationError("invalid cursor", [
      { path: CURSOR_PATH, message: "not a cursor returned by this list", code: "invalid_cursor" },
    ]);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalid();
  const entries = Object.entries(parsed);
  if (entries.length !== expectedAttributes.length) throw invalid();
  const key: CursorKey = {};
  for (const name of expectedAttributes) {
    const value = (parsed as Record<string, unknown>)[name];
    if (typeof value !== "string" || value.length === 0 || value.length > 1024) throw invalid();
    key[name] = value;
  }
  if (!accept(key)) throw invalid();
  return key;
}

/** Picks the named key attributes of an item, to build the next cursor from the last item. */
export function keyOf(item: Record<string, unknown>, attributes: readonly string[]): CursorKey {
  const key: CursorKey = {};
  for (const name of attributes) key[name] = String(item[name]);
  return key;
}
