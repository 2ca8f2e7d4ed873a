import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, ExtraRouteKit } from "@wharf/control";
import { DemoContactMessageSent, DemoGroupMessageBody, DemoGroupMessageParams, ErrorBody } from "@wharf/contracts";
import { NotFoundError } from "@wharf/core";
import type { Simulator } from "@wharf/wa-sim";
import { toWharfError } from "./demo-routes";
import type { PhoneOwners } from "./phone-owners";

/**
 * Group members write in a virtual phone's groups (#12), so the group tour has something to
 * read. Only groups the tenant's own phone is in are reachable: another tenant's group, or a
 * number that is not a member, answers 404 like every foreign demo resource.
 */
export function registerDemoGroupRoutes(
  app: OpenAPIHono<AppEnv>,
  kit: ExtraRouteKit,
  sim: Simulator,
  owners: PhoneOwners,
): void {
  const error = (status: number) => ({
    description: `error (${status})`,
    content: { "application/json": { schema: ErrorBody } },
  });

  app.openapi(
    createRoute({
      tags: ["demo (sim mode)"],
      security: kit.tenantSecurity,
      middleware: kit.requireTenant,
      method: "post",
      path: "/v1/demo/phones/{id}/groups/{groupJid}/members/{phone}/messages",
      summary: "A member of one of the phone's groups writes a text in it",
      request: {
        params: DemoGroupMessageParams,
        body: { required: true, content: { "application/json": { schema: DemoGroupMessageBody } } },
      },
      responses: {
        202: {
          description: "posted by the member",
          content: { "application/json": { schema: DemoContactMessageSent } },
        },
        400: error(400),
        401: error(401),
        403: error(403),
        404: error(404),
      },
    }),
    (c) => {
      const { id, groupJid, phone } = c.req.valid("param");
      owners.assertOwns(c.get("tenantId"), id);
      const { text, pushName } = c.req.valid("json");
      try {
        const group = sim.groups.ofAccount(id).find((g) => g.jid === groupJid);
        if (!group) throw new NotFoundError("group of this phone");
        if (!group.members.some((m) => m.pn === phone)) throw new NotFoundError("member of this group");
        const [record] = sim.groups.post(group.id, phone, { type: "text", text }, pushName ? { pushName } : {});
        if (!record) throw new NotFoundError("member account of this group");
        return c.json({ id: record.id }, 202);
      } catch (err) {
        throw toWharfError(err);
      }
    },
  );
}
