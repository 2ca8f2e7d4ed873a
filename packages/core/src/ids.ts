import { ID_PREFIXES, type IdKind } from "@wharf/contracts";
import { monotonicFactory } from "ulid";

const ulid = monotonicFactory();

/** A new prefixed ULID, e.g. `newId("session")` → `ses_01J…`. Sortable by creation time. */
export function newId(kind: IdKind, now: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${ulid(now)}`;
}
