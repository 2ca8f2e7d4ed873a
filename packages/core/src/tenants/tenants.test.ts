import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { NotFoundError } from "../errors";
import { createInMemoryStores } from "../testing";
import { createTenant, getTenant, listTenants } from "./tenants";

function setup() {
  const clock = fixedClock("2030-01-01T00:00:00Z");
  return { ...createInMemoryStores(), clock };
}

describe("tenant verbs", () => {
  it("creates a tenant with a prefixed ULID and the clock's time", async () => {
    const deps = setup();
    const t = await createTenant(deps, { name: "Acme" });
    expect(t).toEqual({
      id: expect.stringMatching(/^ten_[0-9A-HJKMNP-TV-Z]{26}$/),
      name: "Acme",
      createdAt: "2030-01-01T00:00:00.000Z",
    });
    expect(await getTenant(deps, t.id)).toEqual(t);
  });

  it("gives each tenant its own id", async () => {
    const deps = setup();
    const a = await createTenant(deps, { name: "A" });
    const b = await createTenant(deps, { name: "A" });
    expect(a.id).not.toBe(b.id);
  });

  it("getTenant of an unknown id is NotFoundError", async () => {
    const deps = setup();
    await expect(getTenant(deps, "ten_01JAAAAAAAAAAAAAAAAAAAAAAA")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lists tenants page by page", async () => {
    const deps = setup();
    for (const name of ["a", "b", "c"]) {
      await createTenant(deps, { name });
      deps.clock.advance(1000);
    }
    const first = await listTenants(deps, { limit: 2 });
    expect(first.items.map((t) => t.name)).toEqual(["a", "b"]);
    const second = await listTenants(deps, { limit: 2, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [expect.objectContaining({ name: "c" })], nextCursor: null });
  });
});
