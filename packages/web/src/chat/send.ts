import { useMutation, useQueryClient } from "@tanstack/react-query";
import { describeError } from "../api/http";
import { qk } from "../api/query-keys";
import type { Chat, MediaKind, MessageContent, QuotedMessage, SendMessageBody } from "../api/types";
import { bumpChat, laterStatus, upsertMessage } from "../realtime/cache-sync";
import { useApi } from "../auth/AuthProvider";
import { contentSummary } from "./content/summary";
import { isPreviewUrl, releaseUnusedPreviews } from "./previews";
import { type Pages, replaceLocal, type ThreadMessage } from "./queries";

export function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** What to send and how it shows in the thread until the server has it. */
export interface Draft {
  body: SendMessageBody;
  content: MessageContent;
  text: string | null;
}

/** The quote a reply shows at once (the server fills in the real one). */
export function quoteOf(target: ThreadMessage): QuotedMessage {
  return {
    waMessageId: target.waMessageId ?? target.id,
    messageId: target.id,
    senderJid: target.direction === "out" ? null : (target.from ?? target.chatJid),
    preview: (target.text ?? contentSummary(target.content)).slice(0, 200),
  };
}

export function textDraft(to: string, text: string, replyTo: ThreadMessage | null): Draft {
  return {
    body: { type: "text", to, text, ...(replyTo ? { replyTo: replyTo.id } : {}) },
    content: { kind: "text", text, ...(replyTo ? { quoted: quoteOf(replyTo) } : {}) },
    text,
  };
}

/** An uploaded file as a message; `previewUrl` (an object URL) shows it before the server has it. */
export function mediaDraft(
  to: string,
  kind: MediaKind,
  upload: { mediaId: string; file: File; previewUrl: string | null },
  caption: string | null,
  replyTo: ThreadMessage | null,
): Draft {
  const { file } = upload;
  const withCaption = caption && kind !== "audio" && kind !== "sticker" ? { caption } : {};
  const reply = replyTo ? { replyTo: replyTo.id } : {};
  const base = { to, mediaId: upload.mediaId, ...reply };
  const body: SendMessageBody =
    kind === "document"
      ? { type: "document", ...base, fileName: file.name, ...withCaption }
      : kind === "audio"
        ? { type: "audio", ...base }
        : kind === "sticker"
          ? { type: "sticker", ...base }
          : { type: kind, ...base, ...withCaption };
  const media = {
    mimetype: file.type,
    size: file.size,
    fileName: file.name,
    ...(upload.previewUrl ? { downloadUrl: upload.previewUrl } : {}),
    ...(replyTo ? { quoted: quoteOf(replyTo) } : {}),
  };
  return { body, content: { kind, ...media, ...withCaption } as MessageContent, text: caption || null };
}

/**
 * Sends any kind through the API with an Idempotency-Key. The message shows at once as
 * `queued`; a retry after a network error reuses the same key, so it is never sent twice.
 */
export function useSendMessage(sessionId: string) {
  const api = useApi();
  const qc = useQueryClient();

  const attempt = useMutation({
    mutationFn: ({ msg }: { msg: ThreadMessage }) =>
      api.messages.send(
        sessionId,
        msg.sendBody ?? { to: msg.chatJid, type: "text", text: msg.text ?? "" },
        msg.localKey!,
      ),
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
      if ("downloadUrl" in msg.content && isPreviewUrl(msg.content.downloadUrl))
        void adoptStoredFile(res.id, msg.chatJid);
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

  /**
   * A sent file shows from its local preview until the stored message's presigned URL replaces
   * it; then the preview is released. A failed look-up keeps the preview (a refetch or frame
   * bringing the stored copy releases it then).
   */
  async function adoptStoredFile(id: string, chatJid: string) {
    const stored = await api.messages.get(sessionId, id).catch(() => null);
    if (!stored || !("downloadUrl" in stored.content) || !stored.content.downloadUrl) return;
    const content = stored.content;
    qc.setQueryData<Pages<ThreadMessage>>(qk.thread(sessionId, chatJid), (data) =>
      replaceLocal(data, id, (m) => ({ ...m, content })),
    );
    releaseUnusedPreviews(qc);
  }

  return {
    send(chatJid: string, draft: Draft) {
      const localKey = newIdempotencyKey();
      const now = new Date().toISOString();
      const msg: ThreadMessage = {
        id: `local_${localKey}`,
        sessionId,
        chatJid,
        direction: "out",
        type: draft.content.kind,
        text: draft.text,
        content: draft.content,
        status: "queued",
        failureCode: null,
        failureReason: null,
        waMessageId: null,
        from: null,
        fromPhone: null,
        pushName: null,
        timestamp: now,
        updatedAt: now,
        localKey,
        sendBody: draft.body,
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
