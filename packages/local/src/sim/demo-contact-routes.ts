import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, ExtraRouteKit } from "@wharf/control";
import {
  DemoContactPresenceBody,
  DemoContactProfile,
  DemoContactProfileBody,
  DemoPhoneNumber,
  ErrorBody,
} from "@wharf/contracts";
import type { Simulator } from "@wharf/wa-sim";
import { z } from "zod";
import { toWharfError } from "./demo-routes";
import type { PhoneOwners } from "./phone-owners";

/**
 * What a virtual phone's contacts show (#12): their profile picture, status text, whether
 * they are on WhatsApp at all, and their presence, so number checks, contact profiles and
 * presence subscriptions have something to find. Profiles live in the simulator, per number.
 */
export function registerDemoContactRoutes(
  app: OpenAPIHono<AppEnv>,
  kit: ExtraRouteKit,
  sim: Simulator,
  owners: PhoneOwners,
): void {
  const common = { tags: ["demo (sim mode)"], security: kit.tenantSecurity, middleware: kit.requireTenant };
  const params = z.object({ id: DemoPhoneNumber, phone: DemoPhoneNumber });
  const error = (status: number) => ({
    description: `error (${status})`,
    content: { "application/json": { schema: ErrorBody } },
  });
  const errors = { 400: error(400), 401: error(401), 403: error(403), 404: error(404) };
  const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

  app.openapi(
    createRoute({
      ...common,
      method: "put",
      path: "/v1/demo/phones/{id}/contacts/{phone}/profile",
      summary: "Set what a contact shows: profile picture URL, status text, or that the number is not on WhatsApp",
      request: { params, body: body(DemoContactProfileBody) },
      responses: {
        200: { description: "the contact's profile", content: { "application/json": { schema: DemoContactProfile } } },
        ...errors,
      },
    }),
    (c) => {
      const { id, phone } = c.req.valid("param");
      owners.assertOwns(c.get("tenantId"), id);
      const { pn, ...view } = call(() => sim.contacts.setProfile(phone, c.req.valid("json")));
      return c.json({ phone: pn, ...view }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/demo/phones/{id}/contacts/{phone}/presence",
      summary: "The contact comes online, goes offline, types, records or stops (the phone's session must be online)",
      request: { params, body: body(DemoContactPresenceBody) },
      responses: { 204: { description: "shown to the phone's session" }, ...errors, 409: error(409) },
    }),
    (c) => {
      const { id, phone } = c.req.valid("param");
      owners.assertOwns(c.get("tenantId"), id);
      const { state } = c.req.valid("json");
      call(() =>
        state === "available" || state === "unavailable"
          ? sim.chat.sendPresence(id, phone, state)
          : sim.chat.sendChatstate(id, phone, state),
      );
      return c.body(null, 204);
    },
  );
}

function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toWharfError(err);
  }
}
