import { useEffect, useImperativeHandle, useRef, useState, type FormEvent, type KeyboardEvent, type Ref } from "react";
import { describeError } from "../api/http";
import { PlusIcon, SendIcon } from "../ui/icons";
import { AttachmentPanel } from "./AttachmentPanel";
import { ComposerBanner } from "./ComposerBanner";
import { contentSummary } from "./content/summary";
import type { ThreadMessage } from "./queries";
import { fileProblem, mediaKindFor } from "./upload";

const MAX_TEXT = 4096;

/** Lets the thread hand over a file dropped on it. */
export interface ComposerHandle {
  attach: (file: File) => void;
}

export interface ComposerProps {
  onSend: (text: string) => void;
  disabledReason: string | null;
  /** uploads the file (reporting 0…1) and sends it; rejects with the reason */
  onSendFile?: (file: File, caption: string | null, onProgress: (fraction: number) => void) => Promise<void>;
  replyTo?: { message: ThreadMessage; author: string } | null;
  onCancelReply?: () => void;
  editing?: ThreadMessage | null;
  onEdit?: (m: ThreadMessage, text: string) => void;
  onCancelEdit?: () => void;
  ref?: Ref<ComposerHandle>;
}

/**
 * Enter sends, Shift+Enter adds a line. A file (picker, or dropped on the thread) is sent with
 * the text as its caption, after its upload to the presigned URL, with a progress bar.
 * Disabled (with the reason) while the session cannot send.
 */
export function Composer(props: ComposerProps) {
  const { onSend, disabledReason, onSendFile, replyTo, editing } = props;
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const uploading = progress !== null && fileError === null;
  const trimmed = text.trim();
  const tooLong = trimmed.length > MAX_TEXT;
  const captionless = file !== null && ["audio", "sticker"].includes(mediaKindFor(file));

  function attach(f: File) {
    if (uploading || editing) return;
    setFile(f);
    setProgress(null);
    setFileError(fileProblem(f));
    box.current?.focus();
  }
  useImperativeHandle(props.ref, () => ({ attach }));

  // Editing starts from the message's text; leaving edit mode empties the box.
  useEffect(() => {
    setText(editing?.text ?? "");
    if (editing) box.current?.focus();
  }, [editing]);
  useEffect(() => {
    if (replyTo) box.current?.focus();
  }, [replyTo]);

  function clearFile() {
    setFile(null);
    setProgress(null);
    setFileError(null);
    if (picker.current) picker.current.value = "";
  }

  async function sendFile(f: File) {
    if (!onSendFile) return;
    setFileError(null);
    setProgress(0);
    try {
      await onSendFile(f, captionless ? null : trimmed || null, setProgress);
      clearFile();
      setText("");
    } catch (err) {
      setFileError(err instanceof Error && !("status" in err) ? err.message : describeError(err));
    }
  }

  function submit(e?: FormEvent) {
    e?.preventDefault();
    if (disabledReason || tooLong || uploading) return;
    if (file) {
      if (!fileProblem(file)) void sendFile(file);
      return;
    }
    if (!trimmed) return;
    if (editing) {
      if (trimmed !== editing.text) props.onEdit?.(editing, trimmed);
      props.onCancelEdit?.();
      return;
    }
    onSend(trimmed);
    setText("");
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === "Escape" && (editing || replyTo)) {
      e.preventDefault();
      if (editing) props.onCancelEdit?.();
      else props.onCancelReply?.();
    }
  }

  const label = editing ? "Edit message" : file ? "Caption" : "Message";
  const canSend = !disabledReason && !tooLong && !uploading && (file ? !fileError || progress !== null : !!trimmed);
  return (
    <form className="composer" onSubmit={submit} aria-label="Compose">
      {editing ? (
        <ComposerBanner
          title="Editing message"
          preview={editing.text ?? ""}
          cancelLabel="Cancel editing"
          onCancel={() => props.onCancelEdit?.()}
        />
      ) : replyTo ? (
        <ComposerBanner
          title={`Replying to ${replyTo.author}`}
          preview={replyTo.message.text ?? contentSummary(replyTo.message.content)}
          cancelLabel="Cancel reply"
          onCancel={() => props.onCancelReply?.()}
        />
      ) : null}
      {file ? <AttachmentPanel file={file} progress={progress} error={fileError} onRemove={clearFile} /> : null}
      {onSendFile && !editing ? (
        <>
          <input
            ref={picker}
            id="composer-file"
            type="file"
            className="sr-only"
            tabIndex={-1}
            aria-hidden="true"
            aria-label="Attach a file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) attach(f);
            }}
          />
          <button
            type="button"
            className="composer__attach icon-button"
            aria-label="Attach a file"
            title="Attach a file"
            disabled={disabledReason !== null || uploading}
            onClick={() => picker.current?.click()}
          >
            <PlusIcon size={20} />
          </button>
        </>
      ) : null}
      <label htmlFor="composer-text" className="sr-only">
        {label}
      </label>
      <textarea
        ref={box}
        id="composer-text"
        className="composer__input"
        rows={1}
        placeholder={
          disabledReason ??
          (captionless ? "No caption for this kind of file" : file ? "Add a caption" : "Write a message")
        }
        value={text}
        disabled={disabledReason !== null || captionless}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={tooLong ? "composer-error" : undefined}
      />
      <button
        type="submit"
        className="composer__send"
        disabled={!canSend}
        aria-label={editing ? "Save edit" : file ? "Send file" : "Send message"}
      >
        <SendIcon size={18} />
      </button>
      {tooLong ? (
        <p id="composer-error" className="field__error composer__error" role="alert">
          Messages are limited to {MAX_TEXT} characters.
        </p>
      ) : null}
    </form>
  );
}
