import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import {
  CreateGroupBody,
  GroupInfo,
  GroupInvite,
  GroupParticipantsBody,
  GroupParticipantsResult,
  JoinGroupBody,
  SessionId,
  StoredGroup,
  UpdateGroupBody,
  pageOf,
} from "@wharf/contracts";
import { getStoredGroup, groupOperations, listStoredGroups, type GroupRecord } from "@wharf/core";
import type { Context } from "hono";
import type { AppDeps, AppEnv, DataPathDeps, TenantEnv } from "../env";
import { requireTenant } from "../http/auth";
import { toPage } from "../mappers";
import { operationDeps, operationResponse, operationResponses, tracedOperationDeps } from "./operation-kit";
import { SessionParams } from "../schemas/data-path";
import { PageQuerySchema, TENANT_SECURITY, errorResponses, jsonBody, jsonResponse } from "../schemas/openapi";

const named = <T extends z.ZodType>(schema: T, refId: string): T => schema.clone().openapi(refId) as T;
const GroupInfoSchema = named(GroupInfo, "GroupInfo");
const StoredGroupPageSchema = named(pageOf(StoredGroup), "StoredGroupPage");
const GroupInviteSchema = named(GroupInvite, "GroupInvite");
const GroupParticipantsResultSchema = named(GroupParticipantsResult, "GroupParticipantsResult");
const GroupLeftSchema = named(z.object({ jid: z.string(), left: z.literal(true) }), "GroupLeft");

const SessionGroupParams = z.object({
  id: SessionId.clone().openapi({ param: { name: "id", in: "path" }, example: "ses_01JD0000000000000000000000" }),
  groupJid: z
    .string()
    .min(1)
    .max(128)
    .openapi({ param: { name: "groupJid", in: "path" }, example: "120363025246125888@g.us" }),
});

const stored = (g: GroupRecord): StoredGroup => ({
  jid: g.jid,
  subject: g.subject,
  description: g.description,
  owner: g.owner,
  createdAt: g.createdAt,
  announce: g.announce,
  restrict: g.restrict,
  participantCount: g.participantCount,
  participants: g.participants,
  updatedAt: g.updatedAt,
});

/**
 * Groups (#12): the list and one group read what the session's owner last reported (group
 * events), every other verb asks WhatsApp through the owner (a session operation): 200 with
 * the result, 202 with the operation id when the answer takes longer than the wait, 4xx with
 * the owner's failure word (group_not_found, not_a_member, not_admin, invite_invalid).
 */
export function registerGroupRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, data: DataPathDeps): void {
  const base = operationDeps(deps, data);
  const reads = { sessions: deps.repos.sessions, clock: deps.clock, groups: data.groups };
  const ops = (c: Context<TenantEnv>, sessionId: string) =>
    groupOperations(tracedOperationDeps(base, c), c.get("tenantId"), sessionId);
  const answer = operationResponse;
  const common = { tags: ["groups"], security: TENANT_SECURITY, middleware: requireTenant(deps) };
  // the owner's not_a_member / not_admin are 403s here, on top of the shared operation statuses
  const responses = <T extends z.ZodType>(what: string, schema: T) => ({
    ...operationResponses(what, schema),
    ...errorResponses("forbidden"),
  });

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/sessions/{id}/groups",
      summary: "The account's groups as last reported by its owner, by JID (cursor-paginated)",
      request: { params: SessionParams, query: PageQuerySchema },
      responses: { 200: jsonResponse("a page of groups", StoredGroupPageSchema) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { limit, cursor } = c.req.valid("query");
      return c.json(await toPage(listStoredGroups(reads, c.get("tenantId"), id, { limit, cursor }), stored), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/groups",
      summary: "Create a group with participants (phone numbers or JIDs)",
      request: { params: SessionParams, body: jsonBody(named(CreateGroupBody, "CreateGroupBody")) },
      responses: responses("the new group", GroupInfoSchema),
    }),
    async (c) => answer(c, await ops(c, c.req.valid("param").id).create(c.req.valid("json"))),
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/groups/join",
      summary: "Join a group by invite code or chat.whatsapp.com link",
      request: { params: SessionParams, body: jsonBody(named(JoinGroupBody, "JoinGroupBody")) },
      responses: responses("the joined group", GroupInfoSchema),
    }),
    async (c) => answer(c, await ops(c, c.req.valid("param").id).join(c.req.valid("json"))),
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/sessions/{id}/groups/{groupJid}",
      summary: "A group's metadata fresh from WhatsApp (?stored=true: as last stored, without asking)",
      request: { params: SessionGroupParams, query: z.object({ stored: z.enum(["true", "false"]).optional() }) },
      responses: responses("the group", GroupInfoSchema),
    }),
    async (c) => {
      const { id, groupJid } = c.req.valid("param");
      if (c.req.valid("query").stored === "true")
        return c.json(stored(await getStoredGroup(reads, c.get("tenantId"), id, groupJid)) as never, 200);
      return answer(c, await ops(c, id).get(groupJid));
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "patch",
      path: "/v1/sessions/{id}/groups/{groupJid}",
      summary: "Change the subject, description (null removes it), announce or restrict",
      request: { params: SessionGroupParams, body: jsonBody(named(UpdateGroupBody, "UpdateGroupBody")) },
      responses: responses("the group after the change", GroupInfoSchema),
    }),
    async (c) => {
      const { id, groupJid } = c.req.valid("param");
      return answer(c, await ops(c, id).update(groupJid, c.req.valid("json")));
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/groups/{groupJid}/participants",
      summary: "Add, remove, promote or demote members; one result per member (ok, privacy_blocked, …)",
      request: { params: SessionGroupParams, body: jsonBody(named(GroupParticipantsBody, "GroupParticipantsBody")) },
      responses: responses("one result per member", GroupParticipantsResultSchema),
    }),
    async (c) => {
      const { id, groupJid } = c.req.valid("param");
      return answer(c, await ops(c, id).participants(groupJid, c.req.valid("json")));
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/sessions/{id}/groups/{groupJid}/leave",
      summary: "Leave the group",
      request: { params: SessionGroupParams },
      responses: responses("left", GroupLeftSchema),
    }),
    async (c) => {
      const { id, groupJid } = c.req.valid("param");
      return answer(c, await ops(c, id).leave(groupJid));
    },
  );

  for (const [method, revoke] of [
    ["get", false],
    ["delete", true],
  ] as const) {
    app.openapi(
      createRoute({
        ...common,
        method,
        path: "/v1/sessions/{id}/groups/{groupJid}/invite",
        summary: revoke ? "Revoke the invite link; answers the new one" : "The group's invite link (admins only)",
        request: { params: SessionGroupParams },
        responses: responses("the invite link", GroupInviteSchema),
      }),
      async (c) => {
        const { id, groupJid } = c.req.valid("param");
        return answer(c, await ops(c, id).invite(groupJid, revoke));
      },
    );
  }
}
