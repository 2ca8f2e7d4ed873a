import { z } from "zod";
import { MAX_TEXT_LENGTH } from "./commands";
import { isMimetypeAllowed, type MediaKind, MediaFileName, Mimetype } from "./media";
import { MAX_CONTACT_CARDS } from "./message-content";
import { MAX_CAPTION_LENGTH, VCard } from "./message-sends";

/**
 * Sim-mode demo API (`/v1/demo`, only with `npm start -- --sim`): virtual phones of the local
 * WhatsApp simulator, so a person can link a session and chat without WhatsApp. The local
 * runtime serves it; the dashboard's "virtual phone" panel calls it.
 */

/** A virtual phone's number, digits only (E.164 without +); also its id. */
export const DemoPhoneNumber = z
  .string()
  .regex(/^[1-9][0-9]{5,14}$/, { message: "6-15 digits with the country code, no + or spaces" });

export const DemoPhone = z.object({
  /** the simulator's account id (the phone number) */
  id: z.string(),
  phone: z.string(),
  name: z.string(),
  /** a companion device (a Wharf session) is linked to this phone */
  linked: z.boolean(),
  /** that device is connected right now */
  online: z.boolean(),
});
export type DemoPhone = z.infer<typeof DemoPhone>;

/** `GET /v1/demo`: answers only in sim mode (elsewhere 404 route_not_found). */
export const DemoState = z.object({ sim: z.literal(true), phones: z.array(DemoPhone) });
export type DemoState = z.infer<typeof DemoState>;

export const CreateDemoPhoneBody = z.object({ name: z.string().trim().min(1).max(60).optional() }).strict();
export type CreateDemoPhoneBody = z.infer<typeof CreateDemoPhoneBody>;

/** The phone scans the QR a session shows (the `qr` of a `connection:qr` frame). */
export const DemoScanBody = z.object({ qr: z.string().trim().min(1).max(2048) }).strict();
export type DemoScanBody = z.infer<typeof DemoScanBody>;

/** The phone types the 8-character pairing code a session shows (a dash in the middle is fine). */
export const DemoPairingCodeBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$/, { message: "8 letters or digits" }),
  })
  .strict();
export type DemoPairingCodeBody = z.infer<typeof DemoPairingCodeBody>;

/**
 * What a contact sends to the virtual phone's linked session: a text (a body without `type`
 * is one), a file (its bytes as base64; the simulator encrypts and hosts it as a phone would,
 * so the session's worker downloads and decrypts it for real), a location, contact cards, a
 * reaction, or an edit or delete of its own message. The contact's phone knows messages by
 * their WhatsApp id: `replyTo` and `waMessageId` take a message's `waMessageId` as the API
 * lists it.
 */
export const DEMO_MEDIA_MAX_BYTES = 256 * 1024;

/** A message as WhatsApp (and so the virtual phone) knows it: a message's `waMessageId`. */
export const WaMessageRef = z
  .string()
  .min(1)
  .max(256)
  .refine((s) => !s.startsWith("msg_"), {
    message: "the contact's phone knows WhatsApp ids: give the message's waMessageId, not its Wharf id",
  });

const contactCommon = {
  pushName: z.string().trim().min(1).max(60).optional(),
  replyTo: WaMessageRef.optional().describe("waMessageId of a message of this chat to reply to (quote)"),
};

/** Standard base64 (padding optional); at most DEMO_MEDIA_MAX_BYTES once decoded. */
const MediaData = z
  .string()
  .min(1)
  .max(Math.ceil(DEMO_MEDIA_MAX_BYTES / 3) * 4, {
    message: `at most ${DEMO_MEDIA_MAX_BYTES / 1024} KB of file (its base64 is 4/3 as long)`,
  })
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: "the file's bytes in base64" });

export const DemoContactText = z
  .object({ type: z.literal("text").default("text"), text: z.string().min(1).max(MAX_TEXT_LENGTH), ...contactCommon })
  .strict();

const mediaCommon = {
  data: MediaData,
  /** default: the kind's usual type (image/jpeg, video/mp4, audio/ogg; codecs=opus, …) */
  mimetype: Mimetype.optional(),
  ...contactCommon,
};

/** A contact's file must have a type WhatsApp shows for its kind (documents take any). */
function mimetypeFits(d: { type: MediaKind; mimetype?: string | undefined }, ctx: z.RefinementCtx): void {
  if (d.mimetype !== undefined && !isMimetypeAllowed(d.type, d.mimetype)) {
    ctx.addIssue({ code: "custom", path: ["mimetype"], message: `not a type WhatsApp takes for ${d.type}` });
  }
}
const caption = z.string().min(1).max(MAX_CAPTION_LENGTH).optional();
const dimensions = {
  width: z.number().int().positive().max(100_000).optional(),
  height: z.number().int().positive().max(100_000).optional(),
};
const seconds = z.number().int().nonnegative().max(86_400).optional();

export const DemoContactImage = z
  .object({ type: z.literal("image"), caption, ...dimensions, ...mediaCommon })
  .strict()
  .superRefine(mimetypeFits);
export const DemoContactVideo = z
  .object({ type: z.literal("video"), caption, seconds, ...dimensions, ...mediaCommon })
  .strict()
  .superRefine(mimetypeFits);
export const DemoContactAudio = z
  .object({
    type: z.literal("audio"),
    /** a voice note (push-to-talk) rather than an audio file */
    voiceNote: z.boolean().optional(),
    seconds,
    ...mediaCommon,
  })
  .strict()
  .superRefine(mimetypeFits);
export const DemoContactDocument = z
  .object({ type: z.literal("document"), fileName: MediaFileName.optional(), caption, ...mediaCommon })
  .strict();
export const DemoContactSticker = z
  .object({ type: z.literal("sticker"), ...mediaCommon })
  .strict()
  .superRefine(mimetypeFits);

export const DemoContactLocation = z
  .object({
    type: z.literal("location"),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().min(1).max(1024).optional(),
    address: z.string().min(1).max(1024).optional(),
    ...contactCommon,
  })
  .strict();

export const DemoContactCards = z
  .object({
    type: z.literal("contact"),
    contacts: z
      .array(z.object({ displayName: z.string().trim().min(1).max(1024), vcard: VCard }).strict())
      .min(1)
      .max(MAX_CONTACT_CARDS),
    ...contactCommon,
  })
  .strict();

/** The contact reacts to a message of the chat (its own or the session's); an empty emoji removes its reaction. */
export const DemoContactReaction = z
  .object({
    type: z.literal("reaction"),
    waMessageId: WaMessageRef.describe("waMessageId of the message reacted to"),
    emoji: z.string().max(32),
    pushName: contactCommon.pushName,
  })
  .strict();

/** The contact edits the text of a message it sent (shown as edited). */
export const DemoContactEdit = z
  .object({
    type: z.literal("edit"),
    waMessageId: WaMessageRef.describe("waMessageId of the contact's own message"),
    text: z.string().min(1).max(MAX_TEXT_LENGTH),
  })
  .strict();

/** The contact deletes a message it sent, for everyone (the session keeps a tombstone). */
export const DemoContactDelete = z
  .object({
    type: z.literal("delete"),
    waMessageId: WaMessageRef.describe("waMessageId of the contact's own message"),
  })
  .strict();

/** A contact (any phone number) writes to the virtual phone's linked session. */
export const DemoContactMessageBody = z.discriminatedUnion("type", [
  DemoContactText,
  DemoContactImage,
  DemoContactVideo,
  DemoContactAudio,
  DemoContactDocument,
  DemoContactSticker,
  DemoContactLocation,
  DemoContactCards,
  DemoContactReaction,
  DemoContactEdit,
  DemoContactDelete,
]);
export type DemoContactMessageBody = z.infer<typeof DemoContactMessageBody>;
/** What a client writes (a text's `type` may be left out). */
export type DemoContactMessageInput = z.input<typeof DemoContactMessageBody>;
export type DemoContactMediaBody = Extract<
  DemoContactMessageBody,
  { type: "image" | "video" | "audio" | "document" | "sticker" }
>;

/** `id`: the message's WhatsApp id, which the session's stored copy carries as `waMessageId`. */
export const DemoContactMessageSent = z.object({ id: z.string() });
export type DemoContactMessageSent = z.infer<typeof DemoContactMessageSent>;

/** Contacts confirm every message the linked session sent them (delivered is also automatic). */
export const DemoReceiptsBody = z.object({ type: z.enum(["delivered", "read"]) }).strict();
export type DemoReceiptsBody = z.infer<typeof DemoReceiptsBody>;

export const DemoReceiptsResult = z.object({ updated: z.number().int().nonnegative() });
export type DemoReceiptsResult = z.infer<typeof DemoReceiptsResult>;

/**
 * `GET /v1/demo/phones/{id}/messages/{waMessageId}/media`: the file of a message the phone's
 * session sent, as the contact's phone downloaded, decrypted and verified it (the raw bytes,
 * with the message's mimetype as Content-Type). 404 until a contact has verified it.
 */
export const DemoReceivedMediaParams = z.object({ id: DemoPhoneNumber, waMessageId: WaMessageRef });
export type DemoReceivedMediaParams = z.infer<typeof DemoReceivedMediaParams>;

/** `PUT /v1/demo/phones/{id}/contacts/{phone}/profile`: what a contact shows (absent fields stay as they are). */
export const DemoContactProfileBody = z
  .object({
    /** null removes it */
    pictureUrl: z.string().url().max(2048).nullable().optional(),
    /** the "about" text; null removes it */
    status: z.string().max(1024).nullable().optional(),
    /** false: the number has no WhatsApp account (number checks say so) */
    onWhatsApp: z.boolean().optional(),
  })
  .strict();
export type DemoContactProfileBody = z.infer<typeof DemoContactProfileBody>;
export const DemoContactProfile = z.object({
  phone: z.string(),
  pictureUrl: z.string().nullable(),
  status: z.string().nullable(),
  onWhatsApp: z.boolean(),
});
export type DemoContactProfile = z.infer<typeof DemoContactProfile>;

/** `POST /v1/demo/phones/{id}/contacts/{phone}/presence`: the contact goes online/offline, types or records. */
export const DemoContactPresenceBody = z
  .object({ state: z.enum(["available", "unavailable", "composing", "recording", "paused"]) })
  .strict();
export type DemoContactPresenceBody = z.infer<typeof DemoContactPresenceBody>;

/**
 * `POST /v1/demo/phones/{id}/groups/{groupJid}/members/{phone}/messages`: a member of one of the
 * phone's groups writes a text in it (the group chat's stored copy names the member in `from`).
 */
export const DemoGroupMessageParams = z.object({
  id: DemoPhoneNumber,
  groupJid: z.string().regex(/^[0-9]{1,40}@g\.us$/, { message: "a group JID: digits@g.us" }),
  phone: DemoPhoneNumber,
});
export const DemoGroupMessageBody = z
  .object({ text: z.string().min(1).max(MAX_TEXT_LENGTH), pushName: contactCommon.pushName })
  .strict();
export type DemoGroupMessageBody = z.infer<typeof DemoGroupMessageBody>;
