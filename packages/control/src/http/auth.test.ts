import { UnauthorizedError } from "@wharf/core";
import { createInMemoryStores } from "@wharf/core/testing";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { newTenant, type TestTenant } from "../testing/expectations";
import { createHarness, type Harness } from "../testing/harness";
import { TOUCH_INTERVAL_MS, bearerToken } from "./auth";

describe("bearerToken", () => {
  it("takes the token of a Bearer header, case-insensitively", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer   abc ")).toBe("abc");
  });

  it.each([undefined, "", "Bearer", "Bearer ", "Basic abc", "Bearer a b", "abc", "Bearerabc"])(
    "rejects %j with 401",
    (header) => {
      expect(() => bearerToken(header)).toThrow(UnauthorizedError);
    },
  );
});

describe("tenant key use (lastUsedAt)", () => {
  let repos: ReturnType<typeof createInMemoryStores>;
  let h: Harness;
  let tenant: TestTenant;
  beforeEach(async () => {
    repos = createInMemoryStores();
    h = createHarness(repos);
    tenant = await newTenant(h, "touch");
  });

  const lastUsed = async () => (await repos.apiKeys.get(tenant.id, tenant.keyId))?.lastUsedAt;

  it("records the first use and then at most once per interval", async () => {
    const touch = vi.spyOn(repos.apiKeys, "touch");
    expect(await lastUsed()).toBeNull();

    await h.call("GET", "/v1/sessions", { key: tenant.key });
    expect(await lastUsed()).toBe(h.clock.now().toISOString());
    const first = await lastUsed();

    h.clock.advance(TOUCH_INTERVAL_MS - 1);
    await h.call("GET", "/v1/sessions", { key: tenant.key });
    expect(touch).toHaveBeenCalledTimes(1);
    expect(await lastUsed()).toBe(first);

    h.clock.advance(1);
    await h.call("GET", "/v1/sessions", { key: tenant.key });
    expect(touch).toHaveBeenCalledTimes(2);
    expect(await lastUsed()).toBe(h.clock.now().toISOString());
  });

  it("never fails the request when recording use fails", async () => {
    vi.spyOn(repos.apiKeys, "touch").mockRejectedValue(new Error("throttled"));
    const res = await h.call("GET", "/v1/sessions", { key: tenant.key });
    expect(res.status).toBe(200);
    expect(h.logLines().some((l) => l.includes("could not record api key use"))).toBe(true);
  });

  it("does not record use for keys that fail authentication", async () => {
    const touch = vi.spyOn(repos.apiKeys, "touch");
    await h.call("GET", "/v1/sessions", { key: `wharf_sk_${"Z".repeat(43)}` });
    await h.call("GET", "/v1/tenants", { key: tenant.key });
    expect(touch).not.toHaveBeenCalled();
  });
});
