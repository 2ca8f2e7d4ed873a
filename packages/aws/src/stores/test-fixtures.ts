/** Test-only helpers shared by the store tests (records come from @wharf/core/testing). */
import { ValidationError } from "@wharf/core";
import { expect } from "vitest";

/** Asserts the promise rejects with the cursor ValidationError (details path query.cursor). */
export async function expectCursorRejected(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  expect((err as ValidationError).code).toBe("validation_failed");
  expect((err as ValidationError).details?.[0]?.path).toBe("query.cursor");
}

/** Reads every page of a list, asserting each respects the limit. */
export async function collectPages<T>(
  list: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await list(cursor);
    pages++;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (pages > 1000) throw new Error("pagination does not end");
  } while (cursor);
  return { items, pages };
}
