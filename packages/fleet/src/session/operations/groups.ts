import type { GroupMetadata } from "@whiskeysockets/baileys";
import type { GroupInfo, ParticipantResult } from "@wharf/contracts";
import { groupSnapshot } from "../group-events";
import { phoneOf } from "../translate";
import { OperationFailedError, waErrorCode } from "./errors";
import type { OperationHandler, OperationHandlers } from "./registry";

/**
 * Groups: Baileys' own w:g2 calls. WhatsApp's refusals become failure words (the codes the
 * simulator documents, as WhatsApp answers them): 404 group_not_found, 403 not_a_member,
 * 401 not_admin, 410/406 on an invite code invite_invalid.
 */
async function groupCall<T>(call: () => Promise<T>, invite = false): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const code = waErrorCode(err);
    if (invite && (code === 410 || code === 406 || code === 404))
      throw new OperationFailedError("invite_invalid", "no group has this invite code");
    if (code === 404) throw new OperationFailedError("group_not_found", "WhatsApp knows no such group");
    if (code === 403) throw new OperationFailedError("not_a_member", "the account is not a member of the group");
    if (code === 401) throw new OperationFailedError("not_admin", "only the group's admins may do this");
    throw err;
  }
}

const info = (m: GroupMetadata): GroupInfo => ({ jid: m.id, ...groupSnapshot(m) });

const RESULTS: Record<string, ParticipantResult["result"]> = {
  "200": "ok",
  "400": "invalid",
  "403": "privacy_blocked",
  "404": "not_member",
  "406": "not_allowed",
  "408": "not_on_whatsapp",
  "409": "already_member",
};

const get: OperationHandler<"groups.get"> = async ({ sock }, { jid }) =>
  info(await groupCall(() => sock.groupMetadata(jid)));

const create: OperationHandler<"groups.create"> = async ({ sock }, { subject, participants }) =>
  info(await groupCall(() => sock.groupCreate(subject, participants)));

const update: OperationHandler<"groups.update"> = async ({ sock }, p) => {
  await groupCall(async () => {
    if (p.subject !== undefined) await sock.groupUpdateSubject(p.jid, p.subject);
    if (p.description !== undefined) await sock.groupUpdateDescription(p.jid, p.description ?? undefined);
    if (p.announce !== undefined)
      await sock.groupSettingUpdate(p.jid, p.announce ? "announcement" : "not_announcement");
    if (p.restrict !== undefined) await sock.groupSettingUpdate(p.jid, p.restrict ? "locked" : "unlocked");
  });
  return info(await groupCall(() => sock.groupMetadata(p.jid)));
};

const participants: OperationHandler<"groups.participants"> = async ({ sock }, p) => {
  const answered = await groupCall(() => sock.groupParticipantsUpdate(p.jid, p.participants, p.action));
  return {
    results: answered.map((r) => {
      const jid = r.jid ?? "";
      return { jid, phone: phoneOf(jid), result: RESULTS[r.status] ?? "refused", status: r.status };
    }),
  };
};

const leave: OperationHandler<"groups.leave"> = async ({ sock }, { jid }) => {
  // leaving a group one is not in is refused by WhatsApp; reading it first names the reason
  await groupCall(() => sock.groupMetadata(jid));
  await groupCall(() => sock.groupLeave(jid));
  return { jid, left: true };
};

const invite: OperationHandler<"groups.invite"> = async ({ sock }, { jid, revoke }) => {
  const code = await groupCall(() => (revoke ? sock.groupRevokeInvite(jid) : sock.groupInviteCode(jid)));
  if (!code) throw new OperationFailedError("whatsapp_refused", "WhatsApp gave no invite code");
  return { jid, code, link: `https://chat.whatsapp.com/${code}` };
};

const join: OperationHandler<"groups.join"> = async ({ sock }, { code }) => {
  const jid = await groupCall(() => sock.groupAcceptInvite(code), true);
  if (!jid) throw new OperationFailedError("invite_invalid", "no group has this invite code");
  return info(await groupCall(() => sock.groupMetadata(jid)));
};

export const GROUP_HANDLERS: OperationHandlers = {
  "groups.get": get,
  "groups.create": create,
  "groups.update": update,
  "groups.participants": participants,
  "groups.leave": leave,
  "groups.invite": invite,
  "groups.join": join,
};
