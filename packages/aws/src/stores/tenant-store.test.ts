import { ConflictError, newId } from "@wharf/core";
import { useTestStack } from "../testing/index";
import { describe, expect, it } from "vitest";
import { encodeCursor } from "../dynamo/cursor";
import { keys } from "../dynamo/keys";
import { createDynamoStores } from "./core-stores";
import { collectPages, expectCursorRejected } from "./test-fixtures";

const stack = useTestStack();
const repos = createDynamoStores({ doc: stack.doc, tableName: stack.tableName });

const tenant = (name = "acme") => ({ id: newId("tenant"), name, createdAt: new Date().toISOString() });

describe("DynamoDB tenant store", () => {
  it("stores a tenant and reads it back", async () => {
    const t = tenant();
    await repos.tenants.create(t);
    expect(await repos.tenants.get(t.id)).toEqual(t);
  });

  it("returns null for an unknown tenant", async () => {
    expect(await repos.tenants.get(newId("tenant"))).toBeNull();
  });

  it("refuses to create a tenant whose id exists, keeping the first", async () => {
    const t = tenant("first");
    await repos.tenants.create(t);
    await expect(repos.tenants.create({ ...t, name: "second" })).rejects.toBeInstanceOf(ConflictError);
    expect((await repos.tenants.get(t.id))?.name).toBe("first");
  });

  it("pages through all tenants oldest first without repeats", async () => {
    const mine = [tenant("p1"), tenant("p2"), tenant("p3"), tenant("p4"), tenant("p5")];
    for (const t of mine) await repos.tenants.create(t);
    const { items, pages } = await collectPages((cursor) => repos.tenants.list({ limit: 2, cursor }), 2);
    expect(pages).toBeGreaterThanOrEqual(3);
    const ids = items.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    const mineIds = mine.map((t) => t.id);
    expect(ids.filter((id) => mineIds.includes(id))).toEqual(mineIds);
  });

  it("gives no cursor on the last page", async () => {
    await repos.tenants.create(tenant());
    const all = await repos.tenants.list({ limit: 100 });
    if (all.items.length < 100) expect(all.nextCursor).toBeNull();
  });

  it("rejects malformed cursors as validation errors", async () => {
    await expectCursorRejected(repos.tenants.list({ limit: 2, cursor: "not a cursor!" }));
    await expectCursorRejected(repos.tenants.list({ limit: 2, cursor: Buffer.from("{oops").toString("base64url") }));
    await expectCursorRejected(repos.tenants.list({ limit: 2, cursor: Buffer.from("[1,2]").toString("base64url") }));
  });

  it("rejects a page size below one as a validation error", async () => {
    await expect(repos.tenants.list({ limit: 0 })).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("rejects a cursor that points outside the tenant list", async () => {
    const t = newId("tenant");
    const s = newId("session");
    const sessionCursor = encodeCursor({ ...keys.session(t, s), gsi1pk: keys.sessionsIndexPk(t), gsi1sk: s });
    await expectCursorRejected(repos.tenants.list({ limit: 2, cursor: sessionCursor }));
  });
});
