import { RealtimeFrameEnvelope, SESSION_STATUSES, type RealtimeFrameType, type SessionStatus } from "@wharf/contracts";
import { MESSAGE_STATUSES, type DisconnectInfo, type LinkCredentials, type Message, type MessageStatus, type SessionStatusUpdate } from "../api/types";

/**
 * Realtime frames as the dashboard reads them. The envelope is validated with the contracts
 * schema; `data` is read leniently field by field, so a newer server adding fields (or a
 * frame type this build does not know) never breaks the page.
 */
export type Frame =
  | (Base & { type: "connection:status"; data: SessionStatusUpdate })
  | (Base & { type: "connection:qr"; data: LinkCredentials })
  | (Base & { type: "connection:error"; data: DisconnectInfo })
  | (Base & { type: "message:new"; data: Message })
  | (Base & { type: "message:status"; data: MessageStatusUpdate });

interface Base {
  id: string;
  sessionId: string;
  at: string;
}

export interface MessageStatusUpdate {
  messageId: string;
  chatJid: string | null;
  status: MessageStatus;
  failureReason: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

function disconnectInfo(v: unknown): DisconnectInfo | null {
  if (!isObj(v) || typeof v.reason !== "string") return null;
  return {
    code: typeof v.code === "number" ? v.code : null,
    reason: v.reason,
    message: str(v.message) ?? v.reason,
    at: str(v.at) ?? new Date().toISOString(),
  };
}

function statusUpdate(d: Obj): SessionStatusUpdate | null {
  if (!(SESSION_STATUSES as readonly string[]).includes(d.status as string)) return null;
  const update: SessionStatusUpdate = { status: d.status as SessionStatus };
  if ("phone" in d) update.phone = str(d.phone);
  if ("lastDisconnect" in d || "disconnect" in d) update.lastDisconnect = disconnectInfo(d.lastDisconnect ?? d.disconnect);
  if (isObj(d.health)) update.health = d.health as SessionStatusUpdate["health"];
  return update;
}

function message(d: Obj, sessionId: string): Message | null {
  const inner = isObj(d.message) ? d.message : d;
  const id = str(inner.id);
  const chatJid = str(inner.chatJid);
  if (!id || !chatJid) return null;
  const status = (MESSAGE_STATUSES as readonly string[]).includes(inner.status as string) ? (inner.status as MessageStatus) : "sent";
  return {
    id,
    sessionId,
    chatJid,
    direction: inner.direction === "out" ? "out" : "in",
    type: str(inner.type) ?? "text",
    text: str(inner.text),
    status,
    failureReason: str(inner.failureReason),
    pushName: str(inner.pushName),
    timestamp: str(inner.timestamp) ?? new Date().toISOString(),
  };
}

function messageStatus(d: Obj): MessageStatusUpdate | null {
  const messageId = str(d.messageId) ?? str(d.id);
  if (!messageId || !(MESSAGE_STATUSES as readonly string[]).includes(d.status as string)) return null;
  return { messageId, chatJid: str(d.chatJid), status: d.status as MessageStatus, failureReason: str(d.failureReason) };
}

function linkCredentials(d: Obj): LinkCredentials | null {
  const qr = str(d.qr);
  const pairingCode = str(d.pairingCode);
  if (!qr && !pairingCode) return null;
  return { qr, pairingCode, expiresAt: str(d.expiresAt) };
}

/** Parses one WebSocket message; null for anything that is not a frame this build understands. */
export function parseFrame(raw: string): Frame | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const env = RealtimeFrameEnvelope.safeParse(json);
  if (!env.success || !isObj(env.data.data)) return null;
  const { id, sessionId, at, type } = env.data;
  const d = env.data.data;
  const base = { id, sessionId, at };
  switch (type satisfies RealtimeFrameType) {
    case "connection:status": {
      const data = statusUpdate(d);
      return data && { ...base, type: "connection:status" as const, data };
    }
    case "connection:qr": {
      const data = linkCredentials(d);
      return data && { ...base, type: "connection:qr" as const, data };
    }
    case "connection:error": {
      const data = disconnectInfo(d);
      return data && { ...base, type: "connection:error" as const, data };
    }
    case "message:new": {
      const data = message(d, sessionId);
      return data && { ...base, type: "message:new" as const, data };
    }
    case "message:status": {
      const data = messageStatus(d);
      return data && { ...base, type: "message:status" as const, data };
    }
    default:
      return null;
  }
}
