import type { Session } from "@wharf/contracts";
import { useState, type FormEvent } from "react";
import { describeError } from "../api/http";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { useSessionCommands } from "./queries";
import { FormActions } from "../ui/FormActions";

export function CreateSessionDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (s: Session) => void;
}) {
  const { create } = useSessionCommands();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setName("");
    setError(null);
    create.reset();
    onClose();
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError("Give the session a name, e.g. “Support line”.");
    if (trimmed.length > 100) return setError("Keep the name under 100 characters.");
    try {
      const session = await create.mutateAsync(trimmed);
      setName("");
      setError(null);
      onCreated(session);
    } catch (err) {
      setError(describeError(err));
    }
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title="New session"
      description="A session is one WhatsApp number. Create it, then link the phone with a QR code or a pairing code."
      size="sm"
    >
      <form onSubmit={submit} noValidate>
        <Field
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Support line"
          maxLength={120}
          error={error}
          hint="Only you see this name."
          data-autofocus
        />
        <FormActions
          onCancel={close}
          submitLabel="Create and link"
          pendingLabel="Creating…"
          pending={create.isPending}
        />
      </form>
    </Dialog>
  );
}
