import { describe, expect, it } from "vitest";
import { errorResponsesForCodes, impliedErrorCodes, withImpliedErrorResponses } from "./route-errors";

const base = { method: "get", hasBody: false, hasInput: false, authenticated: false, namesResource: false };

describe("impliedErrorCodes", () => {
  it("gives an open route without input only the catch-all 500", () => {
    expect(impliedErrorCodes(base)).toEqual(["internal"]);
  });

  it("derives 400/401/403/404/413/415 from a route's facts", () => {
    expect(
      impliedErrorCodes({ method: "patch", hasBody: true, hasInput: true, authenticated: true, namesResource: true }),
    ).toEqual([
      "validation_failed",
      "unauthorized",
      "forbidden",
      "not_found",
      "payload_too_large",
      "unsupported_media_type",
      "internal",
    ]);
  });

  it("lets the body limit answer any method that can carry a body, declared or not", () => {
    expect(impliedErrorCodes({ ...base, method: "post" })).toContain("payload_too_large");
    expect(impliedErrorCodes({ ...base, method: "delete" })).toContain("payload_too_large");
    expect(impliedErrorCodes({ ...base, method: "post" })).not.toContain("unsupported_media_type");
  });
});

describe("errorResponsesForCodes", () => {
  it("keys responses by the status of the one mapping and describes a shared status by all its codes", () => {
    const out = errorResponsesForCodes(["conflict", "invalid_state", "rate_limited"], "S");
    expect(Object.keys(out)).toEqual(["409", "429"]);
    expect(out[409]?.description).toMatch(/^conflict: .*; invalid_state: /);
    expect(out[429]?.content["application/json"].schema).toBe("S");
  });
});

describe("withImpliedErrorResponses", () => {
  it("adds the implied statuses to every operation and keeps what a route declared", () => {
    const doc = {
      paths: {
        "/v1/things/{id}": {
          parameters: [],
          post: {
            parameters: [{ in: "path", name: "id" }],
            requestBody: {},
            security: [{ tenantKey: [] }],
            responses: { 202: { description: "ok" }, 409: { description: "declared" } },
          },
        },
      },
    };
    const out = withImpliedErrorResponses(doc);
    const responses = out.paths["/v1/things/{id}"].post.responses as Record<string, { description: string }>;
    expect(Object.keys(responses).sort()).toEqual(["202", "400", "401", "403", "404", "409", "413", "415", "500"]);
    expect(responses["409"]?.description).toBe("declared");
    expect(doc.paths["/v1/things/{id}"].post.responses).not.toHaveProperty("400");
  });
});
