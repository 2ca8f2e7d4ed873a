import { ERROR_CODES } from "@wharf/contracts";
import { ConflictError, FRESH_UPDATE_ATTEMPTS, RateLimitedError, WharfError } from "@wharf/core";
import { createInMemoryStores } from "@wharf/core/testing";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { expectError, newTenant, type TestTenant } from "../testing/expectations";
import { createHarness, type Harness } from "../testing/harness";
import { HTTP_STATUS_BY_CODE } from "./errors";

describe("error mapping (app.onError)", () => {
  let repos: ReturnType<typeof createInMemoryStores>;
  let h: Harness;
  let tenant: TestTenant;
  beforeEach(async () => {
    repos = createInMemoryStores();
    h = createHarness(repos);
    tenant = await newTenant(h, "errors");
  });

  it("maps every error code to its HTTP status in the one error shape", async () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      if (code === "internal") continue;
      vi.spyOn(repos.sessions, "list").mockRejectedValueOnce(new WharfError(code, `simulated ${code}`));
      const res = await h.call("GET", "/v1/sessions", { key: tenant.key });
      const error = expectError(res, HTTP_STATUS_BY_CODE[code], code);
      expect(error.message).toBe(`simulated ${code}`);
    }
  });

  it("adds WWW-Authenticate to every 401", async () => {
    vi.spyOn(repos.sessions, "list").mockRejectedValueOnce(new WharfError("unauthorized", "expired"));
    const res = await h.call("GET", "/v1/sessions", { key: tenant.key });
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="wharf"');
  });

  it("answers rate limiting with 429 and Retry-After in whole seconds", async () => {
    vi.spyOn(repos.sessions, "list").mockRejectedValueOnce(new RateLimitedError("slow down", 7.2));
    const res = await h.call("GET", "/v1/sessions", { key: tenant.key });
    expectError(res, 429, "rate_limited");
    expect(res.headers.get("retry-after")).toBe("8");
  });

  it("retries a PATCH that lost one optimistic-concurrency race, and answers 409 conflict when it loses every one", async () => {
    const s = await h.call("POST", "/v1/sessions", { key: tenant.key, json: { name: "raced" } });
    const lost = () => new ConflictError("session changed meanwhile");
    vi.spyOn(repos.sessions, "update").mockRejectedValueOnce(lost());
    const once = await h.call("PATCH", `/v1/sessions/${s.body.id}`, { key: tenant.key, json: { name: "mine" } });
    expect(once.status).toBe(200);
    expect(once.body.name).toBe("mine");
    const always = vi.spyOn(repos.sessions, "update");
    for (let i = 0; i < FRESH_UPDATE_ATTEMPTS; i++) always.mockRejectedValueOnce(lost());
    const res = await h.call("PATCH", `/v1/sessions/${s.body.id}`, { key: tenant.key, json: { name: "theirs" } });
    expectError(res, 409, "conflict");
  });

  it("hides unexpected failures behind a 500 internal with the request id, and logs them", async () => {
    vi.spyOn(repos.sessions, "get").mockRejectedValueOnce(new Error("ddb exploded: table wharf-prod"));
    const res = await h.call("GET", "/v1/sessions/ses_01JD0000000000000000000000", {
      key: tenant.key,
      headers: { "x-request-id": "req-500" },
    });
    const error = expectError(res, 500, "internal");
    expect(res.text).not.toContain("exploded");
    expect(error.message).toContain("requestId");
    const logged = h
      .logLines()
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === "unhandled error");
    expect(logged).toMatchObject({
      requestId: "req-500",
      tenantId: tenant.id,
      err: { message: "ddb exploded: table wharf-prod" },
    });
  });

  it("keeps the message of a WharfError coded internal out of the response", async () => {
    vi.spyOn(repos.sessions, "list").mockRejectedValueOnce(new WharfError("internal", "secret detail"));
    const res = await h.call("GET", "/v1/sessions", { key: tenant.key });
    expectError(res, 500, "internal");
    expect(res.text).not.toContain("secret detail");
  });
});
