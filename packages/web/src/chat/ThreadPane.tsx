import { useRef, useState, type DragEvent } from "react";
import { describeError, isUnavailable } from "../api/http";
import { useApi } from "../auth/AuthProvider";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorBanner, Spinner } from "../ui/Field";
import { ArrowLeftIcon } from "../ui/icons";
import { useMessageVerbs } from "./actions";
import type { MessageActions } from "./BubbleMenu";
import { Composer, type ComposerHandle } from "./Composer";
import { ContactPanel } from "./ContactPanel";
import { Avatar } from "./ConversationList";
import { authorName, isGroupJid } from "./group";
import { GroupInfoPanel } from "./GroupInfoPanel";
import { createPreviewUrl, useReleasePreviews } from "./previews";
import { chronological, type ThreadMessage, useThread } from "./queries";
import { mediaDraft, textDraft, useSendMessage } from "./send";
import { Thread } from "./Thread";
import { TypingIndicator } from "./TypingIndicator";
import { mediaKindFor, putWithProgress } from "./upload";

const PREVIEWED = new Set(["image", "sticker", "video", "audio"]);

/** One open conversation: its head (with "typing…"), the thread, and the composer; files can be dropped on it. */
export function ThreadPane({
  sessionId,
  jid,
  title,
  subtitle,
  disabledReason,
  onBack,
}: {
  sessionId: string;
  jid: string;
  title: string;
  subtitle: string | null;
  disabledReason: string | null;
  onBack: () => void;
}) {
  const api = useApi();
  const thread = useThread(sessionId, jid);
  const sender = useSendMessage(sessionId);
  const verbs = useMessageVerbs(sessionId);
  const composer = useRef<ComposerHandle>(null);
  useReleasePreviews();
  const [replyTo, setReplyTo] = useState<ThreadMessage | null>(null);
  const [editing, setEditing] = useState<ThreadMessage | null>(null);
  const [deleting, setDeleting] = useState<ThreadMessage | null>(null);
  const [dragging, setDragging] = useState(false);
  const [infoOpen, setInfoOpen] = useState(false);

  const group = isGroupJid(jid);
  const author = (m: ThreadMessage) =>
    m.direction === "out" ? "yourself" : group ? authorName(m) : m.pushName || title;
  const actions: MessageActions = {
    reply: (m) => {
      setEditing(null);
      setReplyTo(m);
    },
    react: (m, emoji) => void verbs.react(m, emoji),
    edit: (m) => {
      setReplyTo(null);
      setEditing(m);
    },
    remove: (m) => setDeleting(m),
    copy: (m) => void verbs.copy(m),
  };

  async function sendFile(file: File, caption: string | null, onProgress: (f: number) => void) {
    const kind = mediaKindFor(file);
    const mimetype = file.type || "application/octet-stream";
    const upload = await api.media.createUpload({ type: kind, mimetype, size: file.size, fileName: file.name });
    await putWithProgress(upload, file, onProgress);
    const previewUrl = PREVIEWED.has(kind) ? createPreviewUrl(file) : null;
    sender.send(jid, mediaDraft(jid, kind, { mediaId: upload.mediaId, file, previewUrl }, caption, replyTo));
    setReplyTo(null);
  }

  const onDrag = (e: DragEvent, over: boolean) => {
    if (!disabledReason && [...e.dataTransfer.types].includes("Files")) {
      e.preventDefault();
      setDragging(over);
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for files; keyboard users have "Attach a file"
    <div
      className={`thread-pane ${dragging ? "thread-pane--drop" : ""}`}
      onDragOver={(e) => onDrag(e, true)}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(e) => {
        onDrag(e, false);
        const f = e.dataTransfer.files?.[0];
        if (f && !disabledReason) composer.current?.attach(f);
      }}
    >
      <div className="chat__thread-head">
        <button type="button" className="icon-button chat__back" onClick={onBack} aria-label="Back to conversations">
          <ArrowLeftIcon />
        </button>
        <Avatar title={title} seed={jid} />
        <div className="chat__thread-title">
          <div className="cell-title">{title}</div>
          <TypingIndicator sessionId={sessionId} jid={jid} name={title} fallback={subtitle} />
        </div>
        {group ? (
          <button
            type="button"
            className="button button--ghost button--sm"
            onClick={() => setInfoOpen(true)}
            aria-haspopup="dialog"
          >
            Group info
          </button>
        ) : (
          <button
            type="button"
            className="button button--ghost button--sm"
            onClick={() => setInfoOpen(true)}
            aria-haspopup="dialog"
          >
            Contact info
          </button>
        )}
      </div>
      {group ? (
        <GroupInfoPanel
          sessionId={sessionId}
          jid={jid}
          title={title}
          open={infoOpen}
          onClose={() => setInfoOpen(false)}
          onLeft={() => {
            setInfoOpen(false);
            onBack();
          }}
        />
      ) : (
        <ContactPanel
          sessionId={sessionId}
          jid={jid}
          title={title}
          open={infoOpen}
          onClose={() => setInfoOpen(false)}
        />
      )}
      {thread.isPending && !thread.data ? (
        <div className="center-pad">
          <Spinner label="Loading messages" />
        </div>
      ) : thread.isError && !thread.data ? (
        <div className="center-pad">
          <ErrorBanner>
            {isUnavailable(thread.error)
              ? "Messages aren't available on this server yet."
              : describeError(thread.error)}
          </ErrorBanner>
        </div>
      ) : (
        <Thread
          title={title}
          messages={chronological(thread.data)}
          hasEarlier={thread.hasNextPage}
          loadingEarlier={thread.isFetchingNextPage}
          onLoadEarlier={() => void thread.fetchNextPage()}
          onRetry={(m) => sender.retry(m)}
          actions={disabledReason ? undefined : actions}
          group={group}
        />
      )}
      {dragging ? (
        <div className="thread-pane__drop" aria-hidden="true">
          Drop a file to send it
        </div>
      ) : null}
      <Composer
        ref={composer}
        disabledReason={disabledReason}
        onSend={(text) => {
          sender.send(jid, textDraft(jid, text, replyTo));
          setReplyTo(null);
        }}
        onSendFile={sendFile}
        replyTo={replyTo ? { message: replyTo, author: author(replyTo) } : null}
        onCancelReply={() => setReplyTo(null)}
        editing={editing}
        onEdit={(m, text) => void verbs.edit(m, text)}
        onCancelEdit={() => setEditing(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete for everyone?"
        confirmLabel="Delete"
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (deleting) await verbs.remove(deleting);
          setDeleting(null);
        }}
      >
        {group
          ? `The message is removed from the phones of everyone in ${title} too.`
          : `The message is removed from ${title}'s phone too.`}{" "}
        The chat keeps a note that it was deleted.
      </ConfirmDialog>
    </div>
  );
}
