import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from "react";
import { useAuth } from "../auth/AuthProvider";
import { sameOriginWsUrl } from "../config";
import { applyFrame, resync, type SyncContext } from "./cache-sync";
import { RealtimeClient, type RealtimeState } from "./client";
import type { Frame } from "./frames";

interface Realtime {
  client: RealtimeClient;
  /** Frame listeners of components; they run after the cache has been updated. */
  listeners: Set<(frame: Frame) => void>;
  /** The chat on screen (its inbound messages are not unread). */
  setActiveChat: (chat: SyncContext["activeChat"]) => void;
}

const RealtimeContext = createContext<Realtime | null>(null);

function useRealtime(): Realtime {
  const ctx = useContext(RealtimeContext);
  if (!ctx) throw new Error("realtime hook outside RealtimeProvider");
  return ctx;
}

export function useRealtimeState(): RealtimeState {
  const { client } = useRealtime();
  return useSyncExternalStore(
    (cb) => client.onState(cb),
    () => client.getState(),
  );
}

/** Polling interval for queries while frames are not flowing; false while live. */
export function usePollingFallback(ms: number): number | false {
  return useRealtimeState() === "open" ? false : ms;
}

/** Calls `handler` for each frame (after the cache has been updated). */
export function useRealtimeFrames(handler: (frame: Frame) => void): void {
  const { listeners } = useRealtime();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const listener = (f: Frame) => ref.current(f);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, [listeners]);
}

export function useReconnectNow(): () => void {
  const { client } = useRealtime();
  return () => client.reconnectNow();
}

export function useActiveChat(chat: SyncContext["activeChat"]): void {
  const { setActiveChat } = useRealtime();
  const sessionId = chat?.sessionId;
  const jid = chat?.jid;
  useEffect(() => {
    setActiveChat(sessionId && jid ? { sessionId, jid } : null);
    return () => setActiveChat(null);
  }, [setActiveChat, sessionId, jid]);
}

/** One realtime client per signed-in tab; frames go into the query cache before anyone else sees them. */
export function RealtimeProvider({
  children,
  createClient,
}: {
  children: ReactNode;
  createClient?: () => RealtimeClient;
}) {
  const { api, config } = useAuth();
  const qc = useQueryClient();
  const activeChat = useRef<SyncContext["activeChat"]>(null);
  const listeners = useMemo(() => new Set<(frame: Frame) => void>(), []);

  const client = useMemo(
    () =>
      createClient?.() ??
      new RealtimeClient({
        mintToken: () => api.realtime.mintToken(),
        fallbackUrl: config.wsUrl ?? sameOriginWsUrl(window.location),
      }),
    [api, config.wsUrl, createClient],
  );

  useEffect(() => {
    const offFrames = client.subscribe((frame) => {
      applyFrame(qc, frame, { activeChat: activeChat.current });
      for (const l of listeners) l(frame);
    });
    const offResync = client.onResync(() => resync(qc));
    const online = () => client.reconnectNow();
    window.addEventListener("online", online);
    client.start();
    return () => {
      offFrames();
      offResync();
      window.removeEventListener("online", online);
      client.stop();
    };
  }, [client, qc, listeners]);

  const value = useMemo<Realtime>(
    () => ({
      client,
      listeners,
      setActiveChat: (c) => {
        activeChat.current = c ?? null;
      },
    }),
    [client, listeners],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
