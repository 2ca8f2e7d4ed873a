import { useEffect, useRef, useState } from "react";
import { useRealtimeFrames } from "../realtime/RealtimeProvider";

/** WhatsApp repeats "composing" while someone types; without a repeat or a stop, assume they stopped. */
export const TYPING_TIMEOUT_MS = 25_000;

export type TypingState = "composing" | "recording" | null;

/**
 * Whether the contact of the chat on screen is typing or recording, from `chat:presence`
 * frames. Cleared by "paused", going offline, their message arriving, or the timeout.
 */
export function useContactTyping(sessionId: string, jid: string | null): TypingState {
  const [state, setState] = useState<TypingState>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const clear = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    setState(null);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: a different chat starts from "not typing"
  useEffect(() => clear, [sessionId, jid]);

  useRealtimeFrames((frame) => {
    if (frame.sessionId !== sessionId || !jid) return;
    if (frame.type === "message:new" && frame.data.chatJid === jid && frame.data.direction === "in") clear();
    if (frame.type !== "chat:presence" || frame.data.chatJid !== jid) return;
    const next = frame.data.state;
    if (next !== "composing" && next !== "recording") return clear();
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(clear, TYPING_TIMEOUT_MS);
    setState(next);
  });

  return state;
}
