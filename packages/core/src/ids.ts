import { ID_PREFIXES, type IdKind } from "@wharf/contracts";
import { encodeTime, monotonicFactory } from "ulid";

const ulid = monotonicFactory();

/** A new prefixed ULID, e.g. `newId("session")` → `ses_01J…`. Sortable by creation time. */
export function newId(kind: IdKind, now: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${ulid(now)}`;
}

/**
 * The prefix every `kind` id created at epoch ms `t` starts with (its ULID time part): ids
 * sort by creation time, so a range of these bounds the ids created in a time range.
 */
export function idTimePrefix(kind: IdKind, t: number): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(Math.max(0, Math.floor(t)), 10)}`;
}
