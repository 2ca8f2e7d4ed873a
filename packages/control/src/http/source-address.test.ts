import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { sourceAddressOf } from "./source-address";

function addressFor(env: unknown, headers: Record<string, string> = {}): Promise<string> {
  const app = new Hono();
  app.get("/", (c) => c.text(String(sourceAddressOf(c))));
  return Promise.resolve(app.request("/", { headers }, env as never)).then((r) => r.text());
}

describe("the caller's source address", () => {
  it("is API Gateway's sourceIp on Lambda", async () => {
    expect(await addressFor({ event: { requestContext: { http: { sourceIp: "203.0.113.9" } } } })).toBe("203.0.113.9");
  });

  it("is the socket's peer under the node server", async () => {
    expect(await addressFor({ incoming: { socket: { remoteAddress: "::1" } } })).toBe("::1");
  });

  it("is unknown otherwise, and never taken from a header a client can write", async () => {
    expect(await addressFor({}, { "x-forwarded-for": "198.51.100.1" })).toBe("null");
  });
});
