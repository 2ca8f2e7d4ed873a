import { z } from "zod";
import { defineEvent } from "./envelope";

/** Group JIDs: `<digits>[-<digits>]@g.us`. */
export const GroupJid = z
  .string()
  .max(256)
  .regex(/^[0-9]+(-[0-9]+)?@g\.us$/, { message: "a group JID (…@g.us)" });

export const MAX_GROUP_PARTICIPANTS = 1024;

export const GROUP_ROLES = ["admin", "superadmin"] as const;

export const GroupParticipant = z
  .object({
    /** the member's JID (a LID in LID-addressed groups) */
    jid: z.string().min(1).max(256),
    /** phone digits when WhatsApp told them */
    phone: z.string().nullable(),
    /** null: a plain member */
    admin: z.enum(GROUP_ROLES).nullable(),
  })
  .strict();
export type GroupParticipant = z.infer<typeof GroupParticipant>;

/** A group's metadata as the owner last read it from WhatsApp. */
export const GroupSnapshot = z
  .object({
    subject: z.string().max(256),
    description: z.string().max(4096).nullable(),
    /** the creator's JID, when WhatsApp told it */
    owner: z.string().max(256).nullable(),
    createdAt: z.string().datetime().nullable(),
    /** only admins may send */
    announce: z.boolean(),
    /** only admins may change subject, description and settings */
    restrict: z.boolean(),
    participantCount: z.number().int().nonnegative(),
    participants: z.array(GroupParticipant).max(MAX_GROUP_PARTICIPANTS),
  })
  .strict();
export type GroupSnapshot = z.infer<typeof GroupSnapshot>;

/** Who made a change: null fields when WhatsApp did not say (e.g. a system change). */
export const GroupActor = z
  .object({ jid: z.string().max(256).nullable(), phone: z.string().nullable(), fromMe: z.boolean() })
  .strict();
export type GroupActor = z.infer<typeof GroupActor>;

const base = { groupJid: GroupJid, by: GroupActor, at: z.string().datetime() };
/** Every event after which the account is still in the group carries the metadata re-read after the change. */
const withGroup = { ...base, group: GroupSnapshot };

/** The account is in a group it was not in: it created it, was added, or joined by invite. */
export const GroupJoinedEvent = defineEvent("group.joined", z.object(withGroup).strict());

const participantsChange = z
  .object({ ...withGroup, participants: z.array(GroupParticipant).min(1).max(MAX_GROUP_PARTICIPANTS) })
  .strict();
export const GroupParticipantsAddedEvent = defineEvent("group.participants_added", participantsChange);
export const GroupParticipantsRemovedEvent = defineEvent("group.participants_removed", participantsChange);
export const GroupParticipantsPromotedEvent = defineEvent("group.participants_promoted", participantsChange);
export const GroupParticipantsDemotedEvent = defineEvent("group.participants_demoted", participantsChange);

export const GroupSubjectChangedEvent = defineEvent(
  "group.subject_changed",
  z.object({ ...withGroup, subject: z.string().max(256) }).strict(),
);
export const GroupDescriptionChangedEvent = defineEvent(
  "group.description_changed",
  z.object({ ...withGroup, description: z.string().max(4096).nullable() }).strict(),
);
export const GroupSettingsChangedEvent = defineEvent(
  "group.settings_changed",
  z.object({ ...withGroup, announce: z.boolean(), restrict: z.boolean() }).strict(),
);

/** The account is no longer in the group: an admin removed it (`removed`), or it left. */
export const GroupLeftEvent = defineEvent("group.left", z.object({ ...base, removed: z.boolean() }).strict());

export const GROUP_EVENTS = [
  GroupJoinedEvent,
  GroupParticipantsAddedEvent,
  GroupParticipantsRemovedEvent,
  GroupParticipantsPromotedEvent,
  GroupParticipantsDemotedEvent,
  GroupSubjectChangedEvent,
  GroupDescriptionChangedEvent,
  GroupSettingsChangedEvent,
  GroupLeftEvent,
] as const;
export const GROUP_EVENT_TYPES = [
  "group.joined",
  "group.participants_added",
  "group.participants_removed",
  "group.participants_promoted",
  "group.participants_demoted",
  "group.subject_changed",
  "group.description_changed",
  "group.settings_changed",
  "group.left",
] as const;
export type GroupEventType = (typeof GROUP_EVENT_TYPES)[number];
export const GroupEvent = z.discriminatedUnion("type", [...GROUP_EVENTS]);
export type GroupEvent = z.infer<typeof GroupEvent>;

/** `group:updated` frame: the event's type and data, so a dashboard redraws the group and its chat. */
export const GroupUpdatedFrameData = z
  .object({ event: z.enum(GROUP_EVENT_TYPES), groupJid: GroupJid, by: GroupActor, group: GroupSnapshot.nullable() })
  .strict();
export type GroupUpdatedFrameData = z.infer<typeof GroupUpdatedFrameData>;
