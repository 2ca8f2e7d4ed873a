import { describe, expect, it, vi } from "vitest";
import { fakeFetch } from "../test/fakes";
import { createApi } from "./endpoints";
import { ApiError, createHttpClient, describeError, isUnavailable } from "./http";

function client(routes: Parameters<typeof fakeFetch>[0], key: string | null = "wharf_sk_test") {
  const f = fakeFetch(routes);
  const onUnauthorized = vi.fn();
  const api = createApi(
    createHttpClient({ baseUrl: "https://api.example", getApiKey: () => key, fetch: f.fetch, onUnauthorized }),
  );
  return { api, requests: f.requests, onUnauthorized };
}

describe("http client", () => {
  it("sends the stored key as a bearer token and parses JSON", async () => {
    const { api, requests } = client({ "GET /v1/sessions": { status: 200, body: { data: [], nextCursor: null } } });
    await expect(api.sessions.list({ limit: 5 })).resolves.toEqual({ data: [], nextCursor: null });
    expect(requests[0]!.headers.authorization).toBe("Bearer wharf_sk_test");
    expect(requests[0]!.query.get("limit")).toBe("5");
    expect(requests[0]!.query.has("cursor")).toBe(false);
  });

  it("turns the error body into an ApiError with code and field details", async () => {
    const { api } = client({
      "POST /v1/sessions": {
        status: 400,
        body: {
          error: {
            code: "validation_failed",
            message: "invalid body",
            details: [{ path: "body.name", message: "required" }],
          },
        },
      },
    });
    const err = await api.sessions.create({ name: "" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "validation_failed" });
    expect(describeError(err)).toBe("Invalid body (name: required)");
  });

  it("marks a missing route as unavailable, not as an error to show", async () => {
    const { api } = client({});
    const err = await api.webhooks.list().catch((e: unknown) => e);
    expect(isUnavailable(err)).toBe(true);
  });

  it("reports a network failure in plain words", async () => {
    const { api } = client({ "GET /v1/sessions": "network_error" });
    const err = await api.sessions.list().catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: "network_error" });
    expect(describeError(err)).toMatch(/Can't reach the Wharf API/);
  });

  it("calls onUnauthorized for a 401 with the stored key, but not for a sign-in probe", async () => {
    const { api, onUnauthorized } = client({
      "GET /v1/sessions": { status: 401, body: { error: { code: "unauthorized", message: "invalid API key" } } },
    });
    await api.verifyKey("wharf_sk_candidate").catch(() => undefined);
    expect(onUnauthorized).not.toHaveBeenCalled();
    await api.sessions.list().catch(() => undefined);
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it("sends the Idempotency-Key header with a message", async () => {
    const { api, requests } = client({
      "POST /v1/sessions/[^/]+/messages": { status: 202, body: { id: "msg_1", status: "queued" } },
    });
    await api.messages.send("ses_1", { to: "4917612345678@s.whatsapp.net", type: "text", text: "hi" }, "key-123");
    expect(requests[0]!.headers["idempotency-key"]).toBe("key-123");
    expect(requests[0]!.body).toEqual({ to: "4917612345678@s.whatsapp.net", type: "text", text: "hi" });
  });

  it("explains a rate limit with its Retry-After", () => {
    expect(describeError(new ApiError(429, "rate_limited", "pacing cap reached", [], 12))).toBe(
      "Pacing cap reached. Try again in 12 s.",
    );
  });
});
