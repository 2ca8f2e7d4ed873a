import { jidDecode } from "@whiskeysockets/baileys";
import type { SimContext } from "../server/context";
import { Directory } from "../state/directory";
import { isAdmin, type SimGroup } from "./model";

/** An IQ the server answers with `<error code text/>` (Baileys turns it into a Boom with that status). */
export class GroupIqError extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(text);
  }
}

/*
 * WhatsApp does not document its group error codes; these follow what clients see:
 * 404 unknown group, 403 not a member, 401 not an admin, 400 bad request, 410 unknown invite code.
 */
export const notFound = () => new GroupIqError(404, "item-not-found");
export const notMember = () => new GroupIqError(403, "forbidden");
export const notAdmin = () => new GroupIqError(401, "not-authorized");
export const badRequest = () => new GroupIqError(400, "bad-request");
export const inviteGone = () => new GroupIqError(410, "gone");

/** The phone number behind a user jid the client names (PN or LID form), or undefined. */
export function memberPn(ctx: SimContext, jid: string | undefined): string | undefined {
  const decoded = jid ? jidDecode(jid) : undefined;
  if (!decoded?.user) return undefined;
  if (decoded.server === "s.whatsapp.net")
    return Directory.isPhone(decoded.user) ? ctx.directory.ensureContact(decoded.user).pn : undefined;
  if (decoded.server === "lid") return ctx.directory.partyByLid(decoded.user)?.pn;
  return undefined;
}

export function requireMember(group: SimGroup, pn: string): void {
  if (!group.members.has(pn)) throw notMember();
}

export function requireAdmin(group: SimGroup, pn: string): void {
  requireMember(group, pn);
  if (!isAdmin(group, pn)) throw notAdmin();
}

/** Info changes (subject, description) need an admin once the group is `locked`. */
export function requireInfoEditor(group: SimGroup, pn: string): void {
  requireMember(group, pn);
  if (group.restrict && !isAdmin(group, pn)) throw notAdmin();
}
