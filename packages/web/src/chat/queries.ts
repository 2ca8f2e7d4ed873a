import { useInfiniteQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Page } from "@wharf/contracts";
import { qk } from "../api/query-keys";
import type { Chat, Message, SendMessageBody } from "../api/types";
import { useApi } from "../auth/AuthProvider";
import { usePollingFallback } from "../realtime/RealtimeProvider";

/** A message as the thread holds it: optimistic sends carry their idempotency key until accepted. */
export type ThreadMessage = Message & {
  localKey?: string;
  sendError?: string | null;
  /** what an optimistic send posts (reused as is by a retry) */
  sendBody?: SendMessageBody;
};

export type Pages<T> = InfiniteData<Page<T>, unknown>;

export function useChats(sessionId: string) {
  const api = useApi();
  const refetchInterval = usePollingFallback(10_000);
  return useInfiniteQuery({
    queryKey: qk.chats(sessionId),
    queryFn: ({ pageParam }) => api.messages.chats(sessionId, { limit: 50, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval,
    retry: 1,
  });
}

export function useThread(sessionId: string, jid: string | null) {
  const api = useApi();
  const qc = useQueryClient();
  const refetchInterval = usePollingFallback(5_000);
  const key = qk.thread(sessionId, jid ?? "");
  return useInfiniteQuery({
    queryKey: key,
    queryFn: async ({ pageParam }) => {
      const page = await api.messages.thread(sessionId, jid!, { limit: 50, cursor: pageParam });
      if (pageParam !== null) return page;
      // Keep optimistic sends the server has not acknowledged yet on top of a refetched first page.
      const pending = (qc.getQueryData<Pages<ThreadMessage>>(key)?.pages[0]?.data ?? []).filter((m) =>
        m.id.startsWith("local_"),
      );
      return { ...page, data: [...pending, ...page.data] };
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: jid !== null,
    refetchInterval,
    retry: 1,
  });
}

/** Oldest first, for display; pages arrive newest first. */
export function chronological(data: Pages<ThreadMessage> | undefined): ThreadMessage[] {
  if (!data) return [];
  return data.pages
    .flatMap((p) => p.data)
    .slice()
    .reverse();
}

export function replaceLocal(
  data: Pages<ThreadMessage> | undefined,
  localId: string,
  fn: (m: ThreadMessage) => ThreadMessage | null,
) {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((p) => ({
      ...p,
      data: p.data.flatMap((m) => {
        if (m.id !== localId) return [m];
        const next = fn(m);
        return next ? [next] : [];
      }),
    })),
  };
}

/** Zeroes the unread badge at once and tells the server (ignored where it has no such route). */
export function useMarkRead(sessionId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useCallback(
    (jid: string) => {
      let had = false;
      qc.setQueryData<Pages<Chat>>(
        qk.chats(sessionId),
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((p) => ({
              ...p,
              data: p.data.map((c) => {
                if (c.jid !== jid || c.unreadCount === 0) return c;
                had = true;
                return { ...c, unreadCount: 0 };
              }),
            })),
          },
      );
      if (had) api.messages.markRead(sessionId, jid).catch(() => undefined);
    },
    [api, qc, sessionId],
  );
}
