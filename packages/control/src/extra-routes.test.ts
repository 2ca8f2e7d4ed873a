import { createRoute } from "@hono/zod-openapi";
import { createInMemoryStores } from "@wharf/core/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { AppDeps } from "./env";
import { createHarness } from "./testing/harness";

/** A stand-in for the local runtime's sim-mode routes: one tenant route with a body. */
const extraRoutes: AppDeps["extraRoutes"] = (app, kit) => {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/extra/echo",
      security: kit.tenantSecurity,
      middleware: kit.requireTenant,
      request: {
        body: {
          required: true,
          content: { "application/json": { schema: z.object({ word: z.string().min(1) }).strict() } },
        },
      },
      responses: {
        200: {
          description: "echo",
          content: { "application/json": { schema: z.object({ word: z.string(), tenantId: z.string() }) } },
        },
      },
    }),
    (c) => c.json({ word: c.req.valid("json").word, tenantId: c.get("tenantId") }, 200),
  );
};

async function tenantKey(h: ReturnType<typeof createHarness>): Promise<{ id: string; key: string }> {
  const res = await h.call("POST", "/v1/tenants", { key: h.adminKey, json: { name: "Extra" } });
  return { id: res.body.tenant.id, key: res.body.apiKey.secret };
}

describe("extra routes of the hosting runtime", () => {
  it("run behind tenant auth, with the app's validation and error shape", async () => {
    const h = createHarness(createInMemoryStores(), { extraRoutes });
    const t = await tenantKey(h);
    const ok = await h.call("POST", "/v1/extra/echo", { key: t.key, json: { word: "hi" } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ word: "hi", tenantId: t.id });

    const bad = await h.call("POST", "/v1/extra/echo", { key: t.key, json: { word: "" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: "validation_failed",
      details: [expect.objectContaining({ path: "body.word" })],
    });

    const anon = await h.call("POST", "/v1/extra/echo", { json: { word: "hi" } });
    expect(anon.status).toBe(401);
    const admin = await h.call("POST", "/v1/extra/echo", { key: h.adminKey, json: { word: "hi" } });
    expect(admin.status).toBe(403);
  });

  it("do not exist unless the runtime adds them", async () => {
    const h = createHarness(createInMemoryStores());
    const t = await tenantKey(h);
    const res = await h.call("POST", "/v1/extra/echo", { key: t.key, json: { word: "hi" } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("route_not_found");
  });
});
