import type { DemoContactMessageBody } from "@wharf/contracts";
import { ValidationError } from "@wharf/core";
import type { ContactContent, ContactSendOptions } from "@wharf/wa-sim";

/**
 * A demo body in the simulator's terms: what the contact's phone sends and how. Files arrive
 * as base64 and go to the simulator as bytes, which it encrypts and hosts like a phone.
 */
export function toContactSend(body: DemoContactMessageBody): { content: ContactContent; options: ContactSendOptions } {
  const options: ContactSendOptions = {
    ...("pushName" in body && body.pushName ? { pushName: body.pushName } : {}),
    ...("replyTo" in body && body.replyTo ? { replyTo: body.replyTo } : {}),
  };
  return { content: contentOf(body), options };
}

function contentOf(body: DemoContactMessageBody): ContactContent {
  switch (body.type) {
    case "text":
      return { type: "text", text: body.text };
    case "location":
      return {
        type: "location",
        latitude: body.latitude,
        longitude: body.longitude,
        ...(body.name ? { name: body.name } : {}),
        ...(body.address ? { address: body.address } : {}),
      };
    case "contact":
      return { type: "contact", contacts: body.contacts };
    case "reaction":
      return { type: "reaction", targetId: body.waMessageId, emoji: body.emoji };
    case "edit":
      return { type: "edit", targetId: body.waMessageId, text: body.text };
    case "delete":
      return { type: "revoke", targetId: body.waMessageId };
    case "image":
      return { ...file(body), ...optional(body, ["caption", "width", "height"]) };
    case "video":
      return { ...file(body), ...optional(body, ["caption", "width", "height"]), ...seconds(body) };
    case "audio":
      return { ...file(body), ptt: body.voiceNote ?? false, ...seconds(body) };
    case "document":
      return { ...file(body), ...optional(body, ["caption", "fileName"]) };
    case "sticker":
      return file(body);
  }
}

type MediaBody = Extract<DemoContactMessageBody, { data: string }>;

function file(body: MediaBody) {
  const bytes = Buffer.from(body.data, "base64");
  // Buffer.from skips what is not base64; the schema's pattern lets only misplaced padding through
  if (bytes.length === 0) {
    throw new ValidationError("invalid request: body.data", [
      { path: "body.data", message: "the file's bytes in base64", code: "invalid_string" },
    ]);
  }
  return { type: body.type, bytes, ...(body.mimetype ? { mimetype: body.mimetype } : {}) };
}

function seconds(body: { seconds?: number | undefined }) {
  return body.seconds !== undefined ? { seconds: body.seconds } : {};
}

function optional<T extends object, K extends keyof T>(body: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (body[k] !== undefined) out[k] = body[k];
  return out;
}
