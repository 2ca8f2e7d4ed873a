import { getBinaryNodeChild, jidDecode, type BinaryNode } from "@whiskeysockets/baileys";
import type { SimConnection } from "../server/connection";
import type { SimContext } from "../server/context";
import type { Party } from "../state/types";
import { Directory } from "../state/directory";
import { isUnregistered, statusNode } from "./contact-profiles";
import { bufferContent, childNodes, iqResult, nowSeconds } from "../wire/nodes";

/**
 * xmlns="usync": device lists, LIDs and "is on WhatsApp" for the users a client asks about.
 * Any phone number is on WhatsApp (a contact is created for it) unless marked unregistered. The asking account's own user
 * lists its phone (device 0) and its linked companion (device 1 with key-index); others list
 * only their phone.
 */
export function handleUsync(ctx: SimContext, conn: SimConnection, iq: BinaryNode): void {
  const usync = getBinaryNodeChild(iq, "usync");
  const protocols = new Set(childNodes(getBinaryNodeChild(usync, "query")).map((n) => n.tag));
  const users = childNodes(getBinaryNodeChild(usync, "list")).map((user) => userResult(ctx, conn, user, protocols));
  conn.sendNode(
    iqResult(iq, [
      {
        tag: "usync",
        attrs: {
          sid: usync?.attrs.sid ?? "",
          index: "0",
          last: "true",
          mode: usync?.attrs.mode ?? "query",
          context: usync?.attrs.context ?? "interactive",
        },
        content: [{ tag: "list", attrs: {}, content: users }],
      },
    ]),
  );
}

/** The contact for a number, created on first use; none for a number marked unregistered. */
const registered = (ctx: SimContext, pn: string): Party | undefined =>
  isUnregistered(ctx, pn) ? undefined : ctx.directory.ensureContact(pn);

function resolveUser(
  ctx: SimContext,
  user: BinaryNode,
): { jid: string; party: Party | undefined; byPn: boolean } | undefined {
  const jid = user.attrs.jid;
  if (jid) {
    const decoded = jidDecode(jid);
    if (decoded?.server === "s.whatsapp.net" && Directory.isPhone(decoded.user)) {
      return { jid, party: registered(ctx, decoded.user), byPn: true };
    }
    return { jid, party: ctx.directory.partyForJid(jid), byPn: false };
  }
  const phone = bufferContent(getBinaryNodeChild(user, "contact"))
    ?.toString("utf8")
    .replace(/[^0-9]/g, "");
  if (!phone || !Directory.isPhone(phone)) return undefined;
  return { jid: `${phone}@s.whatsapp.net`, party: registered(ctx, phone), byPn: true };
}

function userResult(ctx: SimContext, conn: SimConnection, user: BinaryNode, protocols: Set<string>): BinaryNode {
  const resolved = resolveUser(ctx, user);
  if (!resolved) return { tag: "user", attrs: { jid: user.attrs.jid ?? "" } };
  const { jid, party, byPn } = resolved;
  const content: BinaryNode[] = [];
  if (protocols.has("devices")) {
    const devices: BinaryNode[] = party ? [{ tag: "device", attrs: { id: "0" } }] : [];
    const own = conn.account && party?.accountId === conn.account.id ? conn.account.device : undefined;
    if (own) devices.push({ tag: "device", attrs: { id: "1", "key-index": String(own.keyIndex) } });
    content.push({
      tag: "devices",
      attrs: {},
      content: [
        { tag: "device-list", attrs: {}, content: devices },
        { tag: "key-index-list", attrs: { ts: nowSeconds() } },
      ],
    });
  }
  if (protocols.has("lid") && byPn && party) content.push({ tag: "lid", attrs: { val: `${party.lid}@lid` } });
  if (protocols.has("contact")) content.push({ tag: "contact", attrs: { type: party ? "in" : "out" } });
  if (protocols.has("status")) content.push(statusNode(ctx, party));
  return { tag: "user", attrs: { jid }, content };
}
