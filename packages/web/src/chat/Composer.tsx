import { useState, type FormEvent, type KeyboardEvent } from "react";
import { SendIcon } from "../ui/icons";

const MAX_TEXT = 4096;

/** Enter sends, Shift+Enter adds a line. Disabled (with the reason) while the session cannot send. */
export function Composer({
  onSend,
  disabledReason,
}: {
  onSend: (text: string) => void;
  disabledReason: string | null;
}) {
  const [text, setText] = useState("");
  const trimmed = text.trim();
  const tooLong = trimmed.length > MAX_TEXT;

  function submit(e?: FormEvent) {
    e?.preventDefault();
    if (!trimmed || tooLong || disabledReason) return;
    onSend(trimmed);
    setText("");
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor="composer-text" className="sr-only">
        Message
      </label>
      <textarea
        id="composer-text"
        className="composer__input"
        rows={1}
        placeholder={disabledReason ?? "Write a message"}
        value={text}
        disabled={disabledReason !== null}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={tooLong ? "composer-error" : undefined}
      />
      <button
        type="submit"
        className="composer__send"
        disabled={!trimmed || tooLong || disabledReason !== null}
        aria-label="Send message"
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
