import type { ApiAnswer } from "./static-server";

/**
 * A group conversation for the UI smoke test: the chat (subject, member count), a thread where
 * two members write (one without a push name) around our own reply, and the group's info.
 */
const ulid = (n: number) => `01JD8K3V7Q${String(n).padStart(16, "0")}`;
const SESSION = `ses_${ulid(1)}`;
export const GROUP_JID = "120363025246125486@g.us";
const MARTA = "4917611122233@s.whatsapp.net";
const PIETER = "31687654321@s.whatsapp.net";
const US = "4915123456789@s.whatsapp.net";

export function groupChat(minutesAgo: (m: number) => string) {
  return {
    jid: GROUP_JID,
    name: null,
    phone: null,
    unreadCount: 0,
    lastMessageAt: minutesAgo(600),
    lastMessageText: "I'll bring the samples",
    lastMessageDirection: "in",
    group: { subject: "Store team", participantCount: 3 },
  };
}

/** Newest first, as the API pages them. */
export function groupThread(minutesAgo: (m: number) => string) {
  const msg = (n: number, from: string | null, pushName: string | null, text: string, ago: number) => ({
    id: `msg_${ulid(700 + n)}`,
    sessionId: SESSION,
    chatJid: GROUP_JID,
    direction: from ? "in" : "out",
    type: "text",
    text,
    content: { kind: "text", text },
    status: from ? "received" : "read",
    failureCode: null,
    failureReason: null,
    waMessageId: `3EB0${ulid(700 + n).slice(-12)}`,
    from,
    pushName,
    timestamp: minutesAgo(ago),
    updatedAt: minutesAgo(ago),
  });
  return [
    msg(5, PIETER, null, "I'll bring the samples", 600),
    msg(4, null, null, "Thanks both!", 602),
    msg(3, MARTA, "Marta", "And the window display is done", 604),
    msg(2, MARTA, "Marta", "The new stock arrived", 605),
  ];
}

export const groupInfo = {
  jid: GROUP_JID,
  subject: "Store team",
  description: "Opening hours, deliveries and shifts",
  owner: US,
  createdAt: null,
  announce: false,
  restrict: false,
  participantCount: 3,
  participants: [
    { jid: US, phone: "4915123456789", admin: "superadmin" },
    { jid: MARTA, phone: "4917611122233", admin: "admin" },
    { jid: PIETER, phone: "31687654321", admin: null },
  ],
};

/** A group the smoke test joins by invite; an invite code with "expired" in it plays a revoked one. */
export const JOINED_JID = "120363000000000001@g.us";
const joinedGroup = {
  ...groupInfo,
  jid: JOINED_JID,
  subject: "Neighbours",
  description: null,
  owner: MARTA,
  participantCount: 2,
  participants: [
    { jid: MARTA, phone: "4917611122233", admin: "superadmin" },
    { jid: US, phone: "4915123456789", admin: null },
  ],
};

/**
 * The group routes of the stubbed API: one group's info (editable: PATCH changes its subject
 * and description, and the chat list's copy), joining by invite, and the linked account's profile.
 */
export function groupRoutes(
  sessionId: string,
  chats: { jid: string; group?: { subject: string; participantCount: number } }[],
) {
  const base = `/v1/sessions/${sessionId}`;
  const editable = { ...groupInfo };
  return (method: string, path: string, body: unknown): ApiAnswer | undefined => {
    if (method === "GET" && path === `${base}/profile`)
      return { status: 200, body: { jid: US, phone: "4915123456789", name: "Acme Support", pictureUrl: null } };
    if (method === "POST" && path === `${base}/groups/join`) {
      if (!(body as { code: string }).code.toLowerCase().includes("expired")) return { status: 200, body: joinedGroup };
      const message = "no group has this invite code";
      return {
        status: 404,
        body: {
          error: { code: "not_found", message, details: [{ path: "operation", message, code: "invite_invalid" }] },
        },
      };
    }
    const one = new RegExp(`^${base}/groups/([^/]+)$`).exec(path);
    const jid = one ? decodeURIComponent(one[1]!) : null;
    if (jid === JOINED_JID && method === "GET") return { status: 200, body: joinedGroup };
    if (jid !== GROUP_JID) return undefined;
    if (method === "PATCH") {
      const change = body as { subject?: string; description?: string | null };
      Object.assign(editable, change);
      const chat = chats.find((c) => c.jid === GROUP_JID);
      if (chat?.group && change.subject) chat.group = { ...chat.group, subject: change.subject };
    }
    return method === "GET" || method === "PATCH" ? { status: 200, body: editable } : undefined;
  };
}
