import { useState, type FormEvent } from "react";
import { phoneDigits, phoneError } from "../sessions/link/hooks";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { FormActions } from "../ui/FormActions";
import { type NumberCheck, useNumberCheck } from "./number-check";

function checkHint(check: NumberCheck): { text: string; tone: string } | null {
  switch (check.state) {
    case "checking":
      return { text: "Checking WhatsApp…", tone: "muted" };
    case "waiting":
      return { text: "Still waiting for WhatsApp…", tone: "muted" };
    case "done":
      return check.onWhatsApp
        ? { text: "On WhatsApp", tone: "success" }
        : { text: "Not on WhatsApp: messages to it can't be delivered", tone: "warning" };
    case "error":
      return { text: `Couldn't check the number: ${check.message}`, tone: "warning" };
    default:
      return null;
  }
}

export function NewChatDialog({
  sessionId,
  open,
  onClose,
  onStart,
}: {
  sessionId: string;
  open: boolean;
  onClose: () => void;
  onStart: (digits: string) => void;
}) {
  const [phone, setPhone] = useState("");
  const [error, setError] = useState<string | null>(null);
  const hint = checkHint(useNumberCheck(sessionId, open ? phone : ""));
  function submit(e: FormEvent) {
    e.preventDefault();
    const problem = phoneError(phone);
    setError(problem);
    if (!problem) {
      onStart(phoneDigits(phone));
      setPhone("");
    }
  }
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New chat"
      size="sm"
      description="Message any WhatsApp number from this session."
    >
      <form onSubmit={submit} noValidate>
        <Field
          label="Phone number"
          inputMode="tel"
          placeholder="+49 151 23456789"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={error}
          hint={
            hint ? (
              <span className={`number-check number-check--${hint.tone}`} role="status">
                {hint.text}
              </span>
            ) : undefined
          }
          data-autofocus
        />
        <FormActions onCancel={onClose} submitLabel="Open chat" />
      </form>
    </Dialog>
  );
}
