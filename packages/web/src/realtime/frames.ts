import { Message, REALTIME_FRAME_DATA, RealtimeFrameEnvelope, type RealtimeFrame } from "@wharf/contracts";

/** A realtime frame with its data typed by its type (contracts' RealtimeFrame). */
export type Frame = RealtimeFrame;
export type FrameOf<T extends Frame["type"]> = Extract<Frame, { type: T }>;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

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
  const env = RealtimeFrameEnvelope.safeParse(json);
  if (!env.success) return null;
  const data = REALTIME_FRAME_DATA[env.data.type].safeParse(env.data.data);
  if (data.success) return { ...env.data, data: data.data } as Frame;
  if (env.data.type === "message:new") {
    const msg = messageWithUnknownContent(env.data.data);
    if (msg) return { ...env.data, type: "message:new", data: msg };
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
