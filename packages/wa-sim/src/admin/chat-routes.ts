import { createHash } from "node:crypto";
import { z } from "zod";
import { SimError } from "../errors";
import type { ContactContent } from "../messaging/contact-kinds";
import type { Route } from "./routes";

const ACCOUNT = "/admin/accounts/(?<id>[0-9]+)";
const CONTACT = `${ACCOUNT}/contacts/(?<pn>[0-9]+)`;
const route = (method: Route["method"], path: string, rest: Omit<Route, "method" | "pattern">): Route => ({
  method,
  pattern: new RegExp(`^${path}$`),
  ...rest,
});

const messageId = z.string().regex(/^[0-9A-Za-z]{6,64}$/);
const common = {
  id: messageId.optional(),
  pushName: z.string().min(1).max(100).optional(),
  plaintext: z.boolean().optional(),
  /** Quote this message of the chat (the account's or the contact's). */
  replyTo: z.string().min(1).max(128).optional(),
};
const media = z
  .object({
    ...common,
    /** The file; absent = `generatedBytes` random bytes. */
    bytesBase64: z.base64().optional(),
    generatedBytes: z
      .number()
      .int()
      .min(1)
      .max(64 * 1024 * 1024)
      .optional(),
    mimetype: z.string().min(3).max(100).optional(),
    caption: z.string().max(4096).optional(),
    fileName: z.string().min(1).max(255).optional(),
    ptt: z.boolean().optional(),
    seconds: z.number().int().min(0).max(86_400).optional(),
    width: z.number().int().min(1).max(20_000).optional(),
    height: z.number().int().min(1).max(20_000).optional(),
  })
  .strict();

/** Body schema per message type of `POST …/contacts/{pn}/messages/{type}`. */
export const bodies: Record<ContactContent["type"], z.ZodType> = {
  text: z.object({ ...common, text: z.string().min(1).max(65_536) }).strict(),
  image: media,
  video: media,
  audio: media,
  document: media,
  sticker: media,
  location: z
    .object({
      ...common,
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      name: z.string().max(256).optional(),
      address: z.string().max(512).optional(),
    })
    .strict(),
  contact: z
    .object({
      ...common,
      contacts: z
        .array(z.object({ displayName: z.string().min(1).max(256), vcard: z.string().min(1).max(10_000) }).strict())
        .min(1)
        .max(10),
    })
    .strict(),
  reaction: z.object({ ...common, targetId: z.string().min(1).max(128), emoji: z.string().max(32) }).strict(),
  edit: z.object({ ...common, targetId: z.string().min(1).max(128), text: z.string().min(1).max(65_536) }).strict(),
  revoke: z.object({ ...common, targetId: z.string().min(1).max(128) }).strict(),
};
const messageType = z.enum(Object.keys(bodies) as [ContactContent["type"], ...ContactContent["type"][]]);

/** Splits a parsed body into the content and the send options. */
export function toContent(type: ContactContent["type"], body: Record<string, unknown>): ContactContent {
  const { id: _id, pushName: _p, plaintext: _pt, replyTo: _r, bytesBase64, ...rest } = body;
  return {
    type,
    ...rest,
    ...(typeof bytesBase64 === "string" ? { bytes: Buffer.from(bytesBase64, "base64") } : {}),
  } as ContactContent;
}

const schemas = {
  chatstate: z.object({ state: z.enum(["composing", "recording", "paused"]) }).strict(),
  presence: z.object({ type: z.enum(["available", "unavailable"]) }).strict(),
};

/** Contacts sending every kind and presence; what the account's phone received. Documented in the README. */
export const chatRoutes: Route[] = [
  route("GET", "/admin/media-ca", {
    handle: (api) => ({ status: 200, body: { pem: api.chat.mediaCaPem, origin: api.mediaOrigin } }),
  }),
  route("POST", `${CONTACT}/messages/(?<type>[a-z]+)`, {
    handle: (api, p, raw) => {
      const parsed = messageType.safeParse(p.type);
      if (!parsed.success)
        throw new SimError("not_found", `no message type ${p.type}: ${messageType.options.join(", ")}`);
      const type = parsed.data;
      const body = bodies[type].parse(raw) as Record<string, unknown>;
      const options = {
        ...(body.id ? { id: body.id as string } : {}),
        ...(body.pushName ? { pushName: body.pushName as string } : {}),
        ...(body.plaintext !== undefined ? { plaintext: body.plaintext as boolean } : {}),
        ...(body.replyTo ? { replyTo: body.replyTo as string } : {}),
      };
      return { status: 202, body: api.chat.send(p.id!, p.pn!, toContent(type, body), options) };
    },
  }),
  route("POST", `${CONTACT}/chatstate`, {
    body: schemas.chatstate,
    handle: (api, p, b) => {
      api.chat.sendChatstate(p.id!, p.pn!, b.state);
      return { status: 204 };
    },
  }),
  route("POST", `${CONTACT}/presence`, {
    body: schemas.presence,
    handle: (api, p, b) => {
      api.chat.sendPresence(p.id!, p.pn!, b.type);
      return { status: 204 };
    },
  }),
  route("GET", `${ACCOUNT}/received/(?<messageId>[^/]+)/media`, {
    handle: (api, p) => {
      const file = api.chat.receivedMedia(p.id!, decodeURIComponent(p.messageId!));
      return {
        status: 200,
        body: {
          mimetype: file.mimetype ?? null,
          size: file.bytes.length,
          sha256: createHash("sha256").update(file.bytes).digest("hex"),
          base64: file.bytes.toString("base64"),
        },
      };
    },
  }),
  route("GET", `${ACCOUNT}/activity`, { handle: (api, p) => ({ status: 200, body: api.chat.activity(p.id!) }) }),
];
