import { useState, type FormEvent } from "react";
import { phoneDigits, phoneError } from "../sessions/link/hooks";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { FormActions } from "../ui/FormActions";

export function NewChatDialog({
  open,
  onClose,
  onStart,
}: {
  open: boolean;
  onClose: () => void;
  onStart: (digits: string) => void;
}) {
  const [phone, setPhone] = useState("");
  const [error, setError] = useState<string | null>(null);
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
          data-autofocus
        />
        <FormActions onCancel={onClose} submitLabel="Open chat" />
      </form>
    </Dialog>
  );
}
