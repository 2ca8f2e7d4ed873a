import { CreateSessionBody, UpdateSessionBody } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { zodIssuesToDetails } from "./validation";

describe("zod issues → field details", () => {
  it("prefixes paths with the request part and lists unknown keys one by one", () => {
    const r = CreateSessionBody.safeParse({ pacing: { burst: 0 }, a: 1, b: 2 });
    expect(r.success).toBe(false);
    if (r.success) return;
    const paths = zodIssuesToDetails("json", r.error).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["body.name", "body.pacing.burst", "body.a", "body.b"]));
  });

  it("names params and query by their request part", () => {
    const r = CreateSessionBody.safeParse({});
    if (r.success) throw new Error("expected failure");
    expect(zodIssuesToDetails("param", r.error)[0]?.path).toBe("params.name");
    expect(zodIssuesToDetails("query", r.error)[0]?.path).toBe("query.name");
  });
});

describe("PATCH body for sessions", () => {
  it("keeps unsent pacing fields unsent (no defaults filled in)", () => {
    expect(UpdateSessionBody.parse({ pacing: { dailyCap: 50 } })).toEqual({ pacing: { dailyCap: 50 } });
  });
});
