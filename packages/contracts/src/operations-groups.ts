import { z } from "zod";
import { GroupJid, GroupSnapshot } from "./group-events";
import { OperationJid, defineOperation } from "./operations-kit";

/** The group ops (#12): each answered by WhatsApp through the session's owner. */

/** How many members one participants call changes (one IQ). */
export const MAX_PARTICIPANTS_PER_CALL = 50;

/** A group as WhatsApp answered for it: its JID and metadata. */
export const GroupInfo = GroupSnapshot.extend({ jid: GroupJid }).strict();
export type GroupInfo = z.infer<typeof GroupInfo>;

const GroupRef = z.object({ jid: GroupJid }).strict();
const Members = z.array(OperationJid).min(1).max(MAX_PARTICIPANTS_PER_CALL);

export const GroupGetOp = defineOperation("groups.get", GroupRef, GroupInfo);

export const GroupCreateOp = defineOperation(
  "groups.create",
  z.object({ subject: z.string().min(1).max(100), participants: Members }).strict(),
  GroupInfo,
);

/** Subject, description (null removes it) and settings: only the given fields change. */
export const GroupUpdateParams = z
  .object({
    jid: GroupJid,
    subject: z.string().min(1).max(100).optional(),
    description: z.string().max(2048).nullable().optional(),
    /** only admins may send */
    announce: z.boolean().optional(),
    /** only admins may edit subject, description and settings */
    restrict: z.boolean().optional(),
  })
  .strict();
export const GroupUpdateOp = defineOperation("groups.update", GroupUpdateParams, GroupInfo);

export const PARTICIPANT_ACTIONS = ["add", "remove", "promote", "demote"] as const;
export const ParticipantAction = z.enum(PARTICIPANT_ACTIONS);

/**
 * What became of one member: `ok`, or why not (WhatsApp's code in `status`):
 * not_on_whatsapp, privacy_blocked (their settings refuse being added), already_member,
 * not_member, not_allowed (e.g. the creator cannot be removed), invalid, refused.
 */
export const PARTICIPANT_RESULTS = [
  "ok",
  "not_on_whatsapp",
  "privacy_blocked",
  "already_member",
  "not_member",
  "not_allowed",
  "invalid",
  "refused",
] as const;
export const ParticipantResult = z
  .object({
    jid: OperationJid,
    phone: z.string().nullable(),
    result: z.enum(PARTICIPANT_RESULTS),
    /** WhatsApp's code for this member ("200" when it worked) */
    status: z.string().max(16),
  })
  .strict();
export type ParticipantResult = z.infer<typeof ParticipantResult>;
export const GroupParticipantsResult = z
  .object({ results: z.array(ParticipantResult).max(MAX_PARTICIPANTS_PER_CALL) })
  .strict();
export type GroupParticipantsResult = z.infer<typeof GroupParticipantsResult>;
export const GroupParticipantsOp = defineOperation(
  "groups.participants",
  z.object({ jid: GroupJid, action: ParticipantAction, participants: Members }).strict(),
  GroupParticipantsResult,
);

export const GroupLeft = z.object({ jid: GroupJid, left: z.literal(true) }).strict();
export const GroupLeaveOp = defineOperation("groups.leave", GroupRef, GroupLeft);

export const GroupInvite = z
  .object({ jid: GroupJid, code: z.string().min(1).max(64), link: z.string().url().max(128) })
  .strict();
export type GroupInvite = z.infer<typeof GroupInvite>;
export const GroupInviteOp = defineOperation(
  "groups.invite",
  z.object({ jid: GroupJid, revoke: z.boolean() }).strict(),
  GroupInvite,
);

export const GroupJoinOp = defineOperation(
  "groups.join",
  z.object({ code: z.string().min(1).max(64) }).strict(),
  GroupInfo,
);

/** REST bodies. */
export const CreateGroupBody = z
  .object({
    subject: z.string().trim().min(1).max(100),
    participants: z.array(z.string().max(256)).min(1).max(MAX_PARTICIPANTS_PER_CALL).describe("phone numbers or JIDs"),
  })
  .strict();
export type CreateGroupBody = z.infer<typeof CreateGroupBody>;
export const UpdateGroupBody = GroupUpdateParams.omit({ jid: true }).refine((b) => Object.keys(b).length > 0, {
  message: "give at least one field to change",
});
export type UpdateGroupBody = z.infer<typeof UpdateGroupBody>;
export const GroupParticipantsBody = z
  .object({
    action: ParticipantAction,
    participants: z.array(z.string().max(256)).min(1).max(MAX_PARTICIPANTS_PER_CALL).describe("phone numbers or JIDs"),
  })
  .strict();
export type GroupParticipantsBody = z.infer<typeof GroupParticipantsBody>;
export const JoinGroupBody = z
  .object({ code: z.string().trim().min(1).max(128).describe("the invite code, or a chat.whatsapp.com link") })
  .strict();
export type JoinGroupBody = z.infer<typeof JoinGroupBody>;

/** A stored group as `GET /v1/sessions/{id}/groups` lists it. */
export const StoredGroup = GroupInfo.extend({ updatedAt: z.string().datetime() }).strict();
export type StoredGroup = z.infer<typeof StoredGroup>;

export const GROUP_OPERATIONS = [
  GroupGetOp,
  GroupCreateOp,
  GroupUpdateOp,
  GroupParticipantsOp,
  GroupLeaveOp,
  GroupInviteOp,
  GroupJoinOp,
] as const;
