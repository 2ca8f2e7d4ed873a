import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Page } from "@wharf/contracts";
import { describeError } from "../api/http";
import { qk } from "../api/query-keys";
import type { Chat, Message } from "../api/types";
import { useApi } from "../auth/AuthProvider";
import { bumpChat, laterStatus, upsertMessage } from "../realtime/cache-sync";
import { usePollingFallback } from "../realtime/RealtimeProvider";

/** A message as the thread holds it: optimistic sends carry their idempotency key until accepted. */
export type ThreadMessage = Message & { localKey?: string; sendError?: string | null };

type Pages<T> = InfiniteData<Page<T>, unknown>;

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

function replaceLocal(
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

export function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Sends a text through the API with an Idempotency-Key. The message shows at once as
 * `queued`; a retry after a network error reuses the same key, so it is never sent twice.
 */
export function useSendText(sessionId: string) {
  const api = useApi();
  const qc = useQueryClient();

  const attempt = useMutation({
    mutationFn: ({ msg }: { msg: ThreadMessage }) =>
      api.messages.send(sessionId, { to: msg.chatJid, type: "text", text: msg.text ?? "" }, msg.localKey!),
    onSuccess: (res, { msg }) => {
      const key = qk.thread(sessionId, msg.chatJid);
      qc.setQueryData<Pages<ThreadMessage>>(key, (data) => {
        // A realtime frame may have delivered the real message before this answer did.
        const known = data?.pages.some((p) => p.data.some((m) => m.id === res.id));
        return replaceLocal(data, msg.id, (m) =>
          known
            ? null
            : { ...m, id: res.id, status: laterStatus(m.status, res.status), localKey: undefined, sendError: null },
        );
      });
      const chats = qc.getQueryData<Pages<Chat>>(qk.chats(sessionId));
      if (!chats?.pages.some((p) => p.data.some((c) => c.jid === msg.chatJid)))
        void qc.invalidateQueries({ queryKey: qk.chats(sessionId) });
    },
    onError: (err, { msg }) => {
      qc.setQueryData<Pages<ThreadMessage>>(qk.thread(sessionId, msg.chatJid), (data) =>
        replaceLocal(data, msg.id, (m) => ({ ...m, sendError: describeError(err) })),
      );
    },
  });

  return {
    send(chatJid: string, text: string) {
      const localKey = newIdempotencyKey();
      const now = new Date().toISOString();
      const msg: ThreadMessage = {
        id: `local_${localKey}`,
        sessionId,
        chatJid,
        direction: "out",
        type: "text",
        text,
        content: { kind: "text", text },
        status: "queued",
        failureCode: null,
        failureReason: null,
        waMessageId: null,
        from: null,
        pushName: null,
        timestamp: now,
        updatedAt: now,
        localKey,
      };
      ensureThread(qc, sessionId, chatJid);
      upsertMessage(qc, msg);
      // Your own reply is the conversation's latest message: the list preview shows it at once.
      bumpChat(qc, msg, { activeChat: { sessionId, jid: chatJid } });
      attempt.mutate({ msg });
    },
    retry(msg: ThreadMessage) {
      qc.setQueryData<Pages<ThreadMessage>>(qk.thread(sessionId, msg.chatJid), (data) =>
        replaceLocal(data, msg.id, (m) => ({ ...m, sendError: null })),
      );
      attempt.mutate({ msg: { ...msg, sendError: null } });
    },
  };
}

/** A brand-new conversation has no cached thread yet: start an empty one to hold the first message. */
function ensureThread(qc: ReturnType<typeof useQueryClient>, sessionId: string, jid: string) {
  const key = qk.thread(sessionId, jid);
  if (!qc.getQueryData(key))
    qc.setQueryData<Pages<ThreadMessage>>(key, { pages: [{ data: [], nextCursor: null }], pageParams: [null] });
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
