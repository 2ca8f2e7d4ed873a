import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { createInMemoryStores, describeStoreContract, sessionRecord } from "./index";

describeStoreContract("in-memory fakes", async () => createInMemoryStores());

describe("in-memory fakes beyond the contract", () => {
  it("gives every call of createInMemoryStores its own empty store", async () => {
    const a = createInMemoryStores();
    const b = createInMemoryStores();
    const s = sessionRecord("ten_01JAAAAAAAAAAAAAAAAAAAAAAA");
    await a.sessions.create(s);
    expect(await b.sessions.get(s.tenantId, s.id)).toBeNull();
  });

  it("refuses a non-positive page size like the API schema would", async () => {
    const { tenants } = createInMemoryStores();
    await expect(tenants.list({ limit: 0 })).rejects.toBeInstanceOf(ValidationError);
  });

  it("resumes after the cursor even when the last item of the page was deleted", async () => {
    const { sessions } = createInMemoryStores();
    const tenantId = "ten_01JAAAAAAAAAAAAAAAAAAAAAAA";
    const made = [0, 1, 2].map((i) => sessionRecord(tenantId, {}, new Date(Date.UTC(2030, 0, 1, 0, 0, i))));
    for (const s of made) await sessions.create(s);
    const first = await sessions.list(tenantId, { limit: 1 });
    await sessions.delete(tenantId, first.items[0]!.id);
    const rest = await sessions.list(tenantId, { limit: 10, cursor: first.nextCursor! });
    expect(rest.items.map((s) => s.id)).toEqual([made[1]!.id, made[0]!.id]);
  });

  it("reports the field in a cursor error", async () => {
    const { sessions } = createInMemoryStores();
    const err = await sessions
      .list("ten_01JAAAAAAAAAAAAAAAAAAAAAAA", { limit: 1, cursor: "bogus" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).details?.[0]?.path).toBe("query.cursor");
  });
});
