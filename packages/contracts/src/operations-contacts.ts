import { z } from "zod";
import { OperationJid, defineOperation } from "./operations-kit";

/** The contact and profile ops (#12): each answered by WhatsApp through the session's owner. */

/** How many numbers one `contacts/check` asks about (one usync query). */
export const MAX_CONTACT_CHECK = 50;

const Phone = z.string().regex(/^[1-9][0-9]{6,14}$/, { message: "phone digits with country code, no +" });
const PictureUrl = z.string().url().max(2048).nullable().describe("null: no picture, or hidden by privacy settings");
const Empty = z.object({}).strict();

/** The linked account itself. */
export const AccountProfile = z
  .object({
    jid: OperationJid,
    phone: z.string().nullable(),
    /** the push name the account chose */
    name: z.string().max(256).nullable(),
    pictureUrl: PictureUrl,
  })
  .strict();
export type AccountProfile = z.infer<typeof AccountProfile>;
export const AccountProfileOp = defineOperation("account.profile", Empty, AccountProfile);

export const ContactCheck = z
  .object({
    phone: Phone,
    onWhatsApp: z.boolean(),
    /** the account's JID when on WhatsApp */
    jid: OperationJid.nullable(),
  })
  .strict();
export type ContactCheck = z.infer<typeof ContactCheck>;
export const ContactsCheckResult = z
  .object({ results: z.array(ContactCheck).max(MAX_CONTACT_CHECK).describe("one per number asked, in order") })
  .strict();
export type ContactsCheckResult = z.infer<typeof ContactsCheckResult>;
export const ContactsCheckOp = defineOperation(
  "contacts.check",
  z.object({ phones: z.array(Phone).min(1).max(MAX_CONTACT_CHECK) }).strict(),
  ContactsCheckResult,
);

/** A contact's profile picture and status text (the "about"). */
export const ContactProfile = z
  .object({
    jid: OperationJid,
    phone: z.string().nullable(),
    pictureUrl: PictureUrl,
    /** null: none set, or hidden by privacy settings */
    status: z.string().max(1024).nullable(),
    statusSetAt: z.string().datetime().nullable(),
  })
  .strict();
export type ContactProfile = z.infer<typeof ContactProfile>;
export const ContactProfileOp = defineOperation(
  "contacts.get",
  z.object({ jid: OperationJid }).strict(),
  ContactProfile,
);

export const BlockAction = z.enum(["block", "unblock"]);
export const BlockStatus = z.object({ jid: OperationJid, blocked: z.boolean() }).strict();
export type BlockStatus = z.infer<typeof BlockStatus>;
export const ContactBlockOp = defineOperation(
  "contacts.block",
  z.object({ jid: OperationJid, action: BlockAction }).strict(),
  BlockStatus,
);

export const Blocklist = z.object({ jids: z.array(OperationJid).max(10_000) }).strict();
export type Blocklist = z.infer<typeof Blocklist>;
export const BlocklistOp = defineOperation("contacts.blocklist", Empty, Blocklist);

/** After this, the contact's presence arrives as `chat.presence` events (available, unavailable, composing, recording). */
export const PresenceSubscription = z.object({ jid: OperationJid, subscribed: z.literal(true) }).strict();
export type PresenceSubscription = z.infer<typeof PresenceSubscription>;
export const PresenceSubscribeOp = defineOperation(
  "presence.subscribe",
  z.object({ jid: OperationJid }).strict(),
  PresenceSubscription,
);

/** REST: `POST /v1/sessions/{id}/contacts/check`. */
export const ContactsCheckBody = z
  .object({
    phones: z
      .array(z.string().max(64))
      .min(1)
      .max(MAX_CONTACT_CHECK)
      .describe(`up to ${MAX_CONTACT_CHECK} phone numbers with country code ("+49 151 …", "49151…")`),
  })
  .strict();
export type ContactsCheckBody = z.infer<typeof ContactsCheckBody>;

export const CONTACT_OPERATIONS = [
  AccountProfileOp,
  ContactsCheckOp,
  ContactProfileOp,
  ContactBlockOp,
  BlocklistOp,
  PresenceSubscribeOp,
] as const;
