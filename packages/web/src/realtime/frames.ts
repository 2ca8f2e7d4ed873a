import {
  ChatPresenceEvent,
  Message,
  MessageChange,
  REALTIME_FRAME_DATA,
  RealtimeFrameEnvelope,
  type RealtimeFrame,
} from "@wharf/contracts";

/**
 * Frame types for message changes and chat presence. The contracts' REALTIME_FRAME_TYPES do
 * not list them yet, so their names live here (one place to adjust); their data is parsed with
 * the contracts' schemas. A `message:updated` frame may carry the whole updated message (as
 * `message:new` does) or the change itself (edit, delete, reaction, stored file).
 */
export const EXTRA_FRAME_TYPES = { messageUpdated: "message:updated", chatPresence: "chat:presence" } as const;

const MessageUpdatedData = Message.or(MessageChange);
const ChatPresenceData = ChatPresenceEvent.shape.data;

type Meta = Omit<RealtimeFrameEnvelope, "type" | "data">;
export type ChatPresence = ChatPresenceEvent["data"];
export type MessageUpdatedFrame = Meta & { type: "message:updated"; data: Message | MessageChange };
export type ChatPresenceFrame = Meta & { type: "chat:presence"; data: ChatPresence };

/** A realtime frame with its data typed by its type (contracts' RealtimeFrame, plus the two above). */
export type Frame = RealtimeFrame | MessageUpdatedFrame | ChatPresenceFrame;
export type FrameOf<T extends Frame["type"]> = Extract<Frame, { type: T }>;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

// The envelope without its type enum, so the two frame types above get through; `type` is checked below.
const EnvelopeMeta = RealtimeFrameEnvelope.omit({ type: true });

/**
 * Parses one WebSocket message with the contracts' schemas: the envelope, then the data schema
 * of its type. Frame types this build does not know, and data that does not match, give null
 * (the frame is ignored, never a crash); fields a newer server adds are dropped by zod.
 */
export function parseFrame(raw: string): Frame | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const env = EnvelopeMeta.safeParse(json);
  if (!env.success || !isObj(json) || typeof json.type !== "string") return null;
  const { data: rawData, ...meta } = env.data;
  const type = json.type;
  if (type === EXTRA_FRAME_TYPES.messageUpdated) {
    const data = MessageUpdatedData.safeParse(rawData);
    if (data.success) return { ...meta, type, data: data.data };
    const msg = messageWithUnknownContent(rawData);
    return msg ? { ...meta, type, data: msg } : null;
  }
  if (type === EXTRA_FRAME_TYPES.chatPresence) {
    const data = ChatPresenceData.safeParse(rawData);
    return data.success ? { ...meta, type, data: data.data } : null;
  }
  if (!(type in REALTIME_FRAME_DATA)) return null;
  const known = type as keyof typeof REALTIME_FRAME_DATA;
  const data = REALTIME_FRAME_DATA[known].safeParse(rawData);
  if (data.success) return { ...meta, type: known, data: data.data } as Frame;
  if (known === "message:new") {
    const msg = messageWithUnknownContent(rawData);
    if (msg) return { ...meta, type: "message:new", data: msg };
  }
  return null;
}

/** A message whose content kind is newer than this build still shows (as "unsupported"). */
function messageWithUnknownContent(data: unknown): Message | null {
  if (!isObj(data) || !isObj(data.content)) return null;
  const waType = typeof data.content.kind === "string" && data.content.kind !== "" ? data.content.kind : "unknown";
  const r = Message.safeParse({ ...data, content: { kind: "unsupported", waType } });
  return r.success ? r.data : null;
}
