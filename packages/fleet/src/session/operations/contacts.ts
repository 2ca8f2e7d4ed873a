import { isLidUser, jidDecode, jidNormalizedUser, type WASocket } from "@whiskeysockets/baileys";
import { OperationFailedError, waErrorCode } from "./errors";
import type { OperationHandler, OperationHandlers } from "./registry";

/** Contacts and profile: Baileys' own calls (usync, w:profile:picture, blocklist, presence). */

const phoneOf = (jid: string): string | null => {
  const d = jidDecode(jid);
  return d?.server === "s.whatsapp.net" && d.user ? d.user : null;
};

/** The full-size picture URL, or null when there is none or privacy hides it (404 / 401). */
async function pictureUrl(sock: WASocket, jid: string): Promise<string | null> {
  try {
    return (await sock.profilePictureUrl(jid, "image")) ?? null;
  } catch (err) {
    const code = waErrorCode(err);
    if (code === 404 || code === 401 || code === 403) return null;
    throw err;
  }
}

/** A LID's phone when this session has learnt the mapping, else null. */
async function phoneOfLid(sock: WASocket, jid: string): Promise<string | null> {
  const pn = await sock.signalRepository.lidMapping.getPNForLID(jid).catch(() => null);
  return pn ? phoneOf(jidNormalizedUser(pn)) : null;
}

/** A phone JID whose number has no WhatsApp account fails `not_on_whatsapp`. */
async function mustBeOnWhatsApp(sock: WASocket, jid: string): Promise<void> {
  const phone = phoneOf(jid);
  if (!phone) return;
  const found = (await sock.onWhatsApp(phone)) ?? [];
  if (!found.some((f) => f.exists)) throw new OperationFailedError("not_on_whatsapp", "the number is not on WhatsApp");
}

const profile: OperationHandler<"account.profile"> = async ({ sock }) => {
  const me = sock.user;
  if (!me?.id) throw new OperationFailedError("session_not_open", "the account is not known yet");
  const jid = jidNormalizedUser(me.id);
  return { jid, phone: phoneOf(jid), name: me.name ?? me.notify ?? null, pictureUrl: await pictureUrl(sock, jid) };
};

const check: OperationHandler<"contacts.check"> = async ({ sock }, { phones }) => {
  const found = (await sock.onWhatsApp(...phones)) ?? [];
  const byPhone = new Map(found.filter((f) => f.exists).map((f) => [phoneOf(f.jid), jidNormalizedUser(f.jid)]));
  return {
    results: phones.map((phone) => {
      const jid = byPhone.get(phone) ?? null;
      return { phone, onWhatsApp: jid !== null, jid };
    }),
  };
};

const get: OperationHandler<"contacts.get"> = async ({ sock }, { jid }) => {
  await mustBeOnWhatsApp(sock, jid);
  const [picture, statuses] = await Promise.all([pictureUrl(sock, jid), sock.fetchStatus(jid)]);
  const entry = statuses?.[0]?.status as { status?: string | null; setAt?: Date } | undefined;
  const text = entry?.status || null;
  const setAt = text && entry?.setAt && entry.setAt.getTime() > 0 ? entry.setAt.toISOString() : null;
  const phone = isLidUser(jid) ? await phoneOfLid(sock, jid) : phoneOf(jid);
  return { jid, phone, pictureUrl: picture, status: text, statusSetAt: setAt };
};

const block: OperationHandler<"contacts.block"> = async ({ sock }, { jid, action }) => {
  await mustBeOnWhatsApp(sock, jid);
  await sock.updateBlockStatus(jid, action);
  return { jid, blocked: action === "block" };
};

/** WhatsApp lists blocked contacts by LID: shown by phone JID where the mapping is known. */
const blocklist: OperationHandler<"contacts.blocklist"> = async ({ sock }) => {
  const listed = (await sock.fetchBlocklist()).filter((j): j is string => typeof j === "string");
  const jids = await Promise.all(
    listed.map(async (jid) => {
      if (!isLidUser(jid)) return jidNormalizedUser(jid);
      const phone = await phoneOfLid(sock, jid);
      return phone ? `${phone}@s.whatsapp.net` : jid;
    }),
  );
  return { jids };
};

const subscribe: OperationHandler<"presence.subscribe"> = async ({ sock }, { jid }) => {
  await sock.presenceSubscribe(jid);
  return { jid, subscribed: true };
};

export const CONTACT_HANDLERS: OperationHandlers = {
  "account.profile": profile,
  "contacts.check": check,
  "contacts.get": get,
  "contacts.block": block,
  "contacts.blocklist": blocklist,
  "presence.subscribe": subscribe,
};
