import { z } from "zod";
import { bodies, toContent } from "../admin/chat-routes";
import type { Route } from "../admin/routes";
import { SimError } from "../errors";
import type { GroupPostContent } from "./messages";

const GROUP = "/admin/groups/(?<gid>[0-9]+)";
const route = (method: Route["method"], path: string, rest: Omit<Route, "method" | "pattern">): Route => ({
  method,
  pattern: new RegExp(`^${path}$`),
  ...rest,
});

const phone = z.string().regex(/^[1-9][0-9]{5,14}$/, "6-15 digits, no +");
const POST_TYPES = ["text", "image", "video", "audio", "document", "sticker", "location", "contact"] as const;

const schemas = {
  create: z
    .object({ creator: phone, subject: z.string().min(1).max(100), members: z.array(phone).max(1024).default([]) })
    .strict(),
  participants: z
    .object({
      actor: phone,
      action: z.enum(["add", "remove", "promote", "demote"]),
      participants: z.array(phone).min(1).max(256),
    })
    .strict(),
  subject: z.object({ actor: phone, subject: z.string().min(1).max(100) }).strict(),
  description: z.object({ actor: phone, description: z.string().max(2048).nullable() }).strict(),
  setting: z
    .object({ actor: phone, setting: z.enum(["announcement", "not_announcement", "locked", "unlocked"]) })
    .strict(),
  refuseAdds: z.object({ code: z.number().int().min(400).max(499).nullable() }).strict(),
};

/** Groups driven by simulated members (documented in the package README, "Groups"). */
export const groupRoutes: Route[] = [
  route("POST", "/admin/groups", {
    body: schemas.create,
    handle: (api, _p, b) => ({ status: 201, body: api.groups.create(b.creator, b.subject, b.members) }),
  }),
  route("GET", GROUP, { handle: (api, p) => ({ status: 200, body: api.groups.get(p.gid!) }) }),
  route("GET", "/admin/accounts/(?<id>[0-9]+)/groups", {
    handle: (api, p) => ({ status: 200, body: { groups: api.groups.ofAccount(p.id!) } }),
  }),
  // a member posts: same bodies as a contact's 1:1 messages, without replyTo
  route("POST", `${GROUP}/members/(?<pn>[0-9]+)/messages/(?<type>[a-z]+)`, {
    handle: (api, p, raw) => {
      const type = POST_TYPES.find((t) => t === p.type);
      if (!type) throw new SimError("not_found", `no group message type ${p.type}: ${POST_TYPES.join(", ")}`);
      const body = bodies[type].parse(raw) as Record<string, unknown>;
      if (body.replyTo) throw new SimError("invalid_body", "replyTo is not supported in groups", { field: "replyTo" });
      const options = {
        ...(body.id ? { id: body.id as string } : {}),
        ...(body.pushName ? { pushName: body.pushName as string } : {}),
        ...(body.plaintext !== undefined ? { plaintext: body.plaintext as boolean } : {}),
      };
      const content = toContent(type, body) as GroupPostContent;
      return { status: 202, body: { messages: api.groups.post(p.gid!, p.pn!, content, options) } };
    },
  }),
  route("POST", `${GROUP}/participants`, {
    body: schemas.participants,
    handle: (api, p, b) => ({
      status: 200,
      body: { results: api.groups.participants(p.gid!, b.actor, b.action, b.participants) },
    }),
  }),
  route("PUT", `${GROUP}/subject`, {
    body: schemas.subject,
    handle: (api, p, b) => ({ status: 200, body: api.groups.setSubject(p.gid!, b.actor, b.subject) }),
  }),
  route("PUT", `${GROUP}/description`, {
    body: schemas.description,
    handle: (api, p, b) => ({ status: 200, body: api.groups.setDescription(p.gid!, b.actor, b.description) }),
  }),
  route("PUT", `${GROUP}/settings`, {
    body: schemas.setting,
    handle: (api, p, b) => ({ status: 200, body: api.groups.setSetting(p.gid!, b.actor, b.setting) }),
  }),
  route("PUT", "/admin/add-refusals/(?<pn>[0-9]+)", {
    body: schemas.refuseAdds,
    handle: (api, p, b) => {
      api.groups.refuseAdds(p.pn!, b.code);
      return { status: 204 };
    },
  }),
];
