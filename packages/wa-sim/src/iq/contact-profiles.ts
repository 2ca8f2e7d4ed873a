import { getBinaryNodeChild, jidDecode, type BinaryNode } from "@whiskeysockets/baileys";
import type { SimConnection } from "../server/connection";
import type { SimContext } from "../server/context";
import type { Account, Party } from "../state/types";
import { childNodes, iqError, iqResult } from "../wire/nodes";

/**
 * What contacts show of themselves (profile picture, status text), which numbers have no
 * WhatsApp account, and each account's blocklist. Kept in memory beside the directory and
 * saved with the state (state/world.ts): tests and demos set them through the admin API.
 */
export interface ContactProfile {
  pictureUrl?: string;
  status?: string;
  /** when the status was set (unix seconds) */
  statusAt?: number;
}

interface ProfileState {
  profiles: Map<string, ContactProfile>;
  unregistered: Set<string>;
}

const states = new WeakMap<SimContext, ProfileState>();
const blocklists = new WeakMap<Account, Set<string>>();

export function profileState(ctx: SimContext): ProfileState {
  let s = states.get(ctx);
  if (!s) {
    s = { profiles: new Map(), unregistered: new Set() };
    states.set(ctx, s);
  }
  return s;
}

/** The phone numbers this account blocked. */
export function blocklistOf(account: Account): Set<string> {
  let list = blocklists.get(account);
  if (!list) {
    list = new Set();
    blocklists.set(account, list);
  }
  return list;
}

/** True when the number has no WhatsApp account (usync answers `contact type="out"`). */
export function isUnregistered(ctx: SimContext, pn: string): boolean {
  return profileState(ctx).unregistered.has(pn);
}

/** The usync `status` protocol's answer for a party: its text and when it was set, or code 401 (hidden). */
export function statusNode(ctx: SimContext, party: Party | undefined): BinaryNode {
  const p = party ? profileState(ctx).profiles.get(party.pn) : undefined;
  if (!p?.status) return { tag: "status", attrs: {} };
  return { tag: "status", attrs: { t: String(p.statusAt ?? 0) }, content: Buffer.from(p.status, "utf8") };
}

const partyOf = (ctx: SimContext, jid: string | undefined): Party | undefined =>
  jid ? ctx.directory.partyForJid(jid) : undefined;

/** xmlns="w:profile:picture": the picture URL of a contact or the account itself, or 404 item-not-found. */
export function handleProfilePictureIq(ctx: SimContext, conn: SimConnection, iq: BinaryNode): void {
  const party = partyOf(ctx, iq.attrs.target);
  const url = party ? profileState(ctx).profiles.get(party.pn)?.pictureUrl : undefined;
  if (iq.attrs.type !== "get" || !url) {
    conn.sendNode(iq.attrs.type === "get" ? iqError(iq, 404, "item-not-found") : iqResult(iq));
    return;
  }
  const type = getBinaryNodeChild(iq, "picture")?.attrs.type ?? "preview";
  conn.sendNode(iqResult(iq, [{ tag: "picture", attrs: { url, id: "1", type } }]));
}

/** xmlns="blocklist": get lists the blocked contacts (LID jid + pn_jid); set blocks or unblocks one. */
export function handleBlocklistIq(ctx: SimContext, conn: SimConnection, iq: BinaryNode): void {
  conn.sendNode(blocklistAnswer(ctx, conn.account, iq));
}

function blocklistAnswer(ctx: SimContext, account: Account | undefined, iq: BinaryNode): BinaryNode {
  if (!account) return iqError(iq, 401, "not-authorized");
  const blocked = blocklistOf(account);
  if (iq.attrs.type === "get") {
    const items = [...blocked].map((pn): BinaryNode => {
      const party = ctx.directory.partyByPn(pn);
      const attrs: Record<string, string> = party
        ? { jid: `${party.lid}@lid`, pn_jid: `${pn}@s.whatsapp.net` }
        : { jid: `${pn}@s.whatsapp.net` };
      return { tag: "item", attrs };
    });
    return iqResult(iq, [{ tag: "list", attrs: {}, content: items }]);
  }
  for (const item of childNodes(iq).filter((n) => n.tag === "item")) {
    const party = partyOf(ctx, item.attrs.pn_jid) ?? partyOf(ctx, item.attrs.jid);
    const pn = party?.pn ?? jidDecode(item.attrs.jid)?.user;
    if (!pn) return iqError(iq, 400, "bad-request");
    if (item.attrs.action === "block") blocked.add(pn);
    else if (item.attrs.action === "unblock") blocked.delete(pn);
    else return iqError(iq, 400, "bad-request");
  }
  return iqResult(iq);
}
