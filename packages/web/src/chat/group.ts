import type { Chat } from "../api/types";
import { formatPhone, jidUser } from "../ui/format";
import type { ThreadMessage } from "./queries";

export function isGroupJid(jid: string): boolean {
  return jid.endsWith("@g.us");
}

/** "1 member", "12 members"; null when the chat is not a group or its size is not known yet. */
export function memberCount(chat: Pick<Chat, "group"> | undefined): string | null {
  const n = chat?.group?.participantCount;
  if (n === undefined) return null;
  return `${n} ${n === 1 ? "member" : "members"}`;
}

/**
 * Who wrote an incoming group message: the name they gave WhatsApp, else their number (as
 * WhatsApp told it, or from a phone JID). A LID (`…@lid`) is not a phone number, so it is never
 * shown as one.
 */
export function authorName(m: Pick<ThreadMessage, "pushName" | "from" | "fromPhone">): string {
  if (m.pushName) return m.pushName;
  if (m.fromPhone) return formatPhone(m.fromPhone);
  if (m.from?.endsWith("@s.whatsapp.net")) return formatPhone(jidUser(m.from));
  return "Unknown member";
}

/**
 * The author label above each message of a group thread: on the first incoming message of a run by
 * one author (a day break or another sender starts a new run), null on the rest and on our own.
 */
export function authorLabels(messages: ThreadMessage[], dayOf: (iso: string) => string): (string | null)[] {
  let previous: string | null = null;
  let previousDay = "";
  return messages.map((m) => {
    const day = dayOf(m.timestamp);
    const key = m.direction === "in" ? (m.from ?? `?${m.pushName ?? ""}`) : null;
    const show = key !== null && (key !== previous || day !== previousDay);
    previous = key;
    previousDay = day;
    return show ? authorName(m) : null;
  });
}

/** Names members by the messages already loaded (their push names); others by number when it is one. */
export function memberNamer(messages: ThreadMessage[]): (jid: string) => string {
  const names = new Map<string, string>();
  for (const m of messages) if (m.direction === "in" && m.from && m.pushName) names.set(m.from, m.pushName);
  return (jid) => names.get(jid) ?? authorName({ from: jid, fromPhone: null, pushName: null });
}
