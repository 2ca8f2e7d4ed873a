import { jidDecode, type BinaryNode } from "@whiskeysockets/baileys";
import { SimError } from "../errors";
import type { SimConnection } from "../server/connection";
import type { SimContext } from "../server/context";
import type { Account } from "../state/types";
import { nowSeconds } from "../wire/nodes";

export type ChatState = "composing" | "recording" | "paused";

/** What the account's client told contacts: typing/recording/paused per chat, online/offline, subscriptions. */
export interface AccountActivity {
  chatstates: Array<{ to: string; state: ChatState; t: number }>;
  presence: Array<{ type: "available" | "unavailable"; t: number }>;
  /** Contact phone numbers whose presence the client subscribed to. */
  subscriptions: string[];
}

const MAX_ENTRIES = 200;
const activities = new WeakMap<Account, AccountActivity>();

export function activityOf(account: Account): AccountActivity {
  let activity = activities.get(account);
  if (!activity) {
    activity = { chatstates: [], presence: [], subscriptions: [] };
    activities.set(account, activity);
  }
  return activity;
}

const remember = <T>(list: T[], item: T): void => {
  list.push(item);
  if (list.length > MAX_ENTRIES) list.splice(0, list.length - MAX_ENTRIES);
};

/** Phone number of a contact addressed by PN or LID jid. */
const contactPn = (ctx: SimContext, jid: string | undefined): string | undefined =>
  jid ? (ctx.directory.partyForJid(jid)?.pn ?? jidDecode(jid)?.user) : undefined;

/** `<chatstate to><composing|paused/></chatstate>` from the client: recorded per chat (`media="audio"` = recording). */
export function handleClientChatstate(ctx: SimContext, conn: SimConnection, node: BinaryNode): void {
  const account = conn.account;
  const to = contactPn(ctx, node.attrs.to);
  const child = Array.isArray(node.content) ? (node.content[0] as BinaryNode | undefined) : undefined;
  if (!account || !to || !child) return;
  const state: ChatState | undefined =
    child.tag === "composing"
      ? child.attrs.media === "audio"
        ? "recording"
        : "composing"
      : child.tag === "paused"
        ? "paused"
        : undefined;
  if (state) remember(activityOf(account).chatstates, { to, state, t: Date.now() });
}

/**
 * `<presence type="available|unavailable" name>` from the client is recorded; `<presence
 * type="subscribe" to>` subscribes to a contact, who answers with its presence (online).
 */
export function handleClientPresence(ctx: SimContext, conn: SimConnection, node: BinaryNode): void {
  const account = conn.account;
  if (!account) return;
  const { type, to } = node.attrs;
  if (type === "available" || type === "unavailable") {
    remember(activityOf(account).presence, { type, t: Date.now() });
    return;
  }
  if (type === "subscribe" && to) {
    const pn = contactPn(ctx, to);
    if (!pn) return;
    const subscriptions = activityOf(account).subscriptions;
    if (!subscriptions.includes(pn)) subscriptions.push(pn);
    conn.sendNode({ tag: "presence", attrs: { from: to, type: "available" } });
  }
}

/** A contact shows the account it is typing, recording a voice note, or stopped. */
export function sendContactChatstate(ctx: SimContext, account: Account, pn: string, state: ChatState): void {
  const conn = account.conn;
  if (!conn?.isOpen || !account.ready) throw new SimError("account_offline", "the account's device is not online");
  const party = ctx.directory.ensureContact(pn);
  const child: BinaryNode =
    state === "recording" ? { tag: "composing", attrs: { media: "audio" } } : { tag: state, attrs: {} };
  conn.sendNode({ tag: "chatstate", attrs: { from: `${party.lid}@lid` }, content: [child] });
}

/** A contact goes online or offline (`last` seen now when offline), as subscribed clients see it. */
export function sendContactPresence(
  ctx: SimContext,
  account: Account,
  pn: string,
  type: "available" | "unavailable",
): void {
  const conn = account.conn;
  if (!conn?.isOpen || !account.ready) throw new SimError("account_offline", "the account's device is not online");
  const party = ctx.directory.ensureContact(pn);
  conn.sendNode({
    tag: "presence",
    attrs: { from: `${party.lid}@lid`, type, ...(type === "unavailable" ? { last: nowSeconds() } : {}) },
  });
}
