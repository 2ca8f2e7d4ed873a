import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PacingPatch, type Session } from "@wharf/contracts";
import { useState, type FormEvent } from "react";
import { describeError } from "../api/http";
import { useApi } from "../auth/AuthProvider";
import { patchSession } from "../realtime/cache-sync";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { FormActions } from "../ui/FormActions";
import { useFeedback } from "../ui/Toasts";

/**
 * Per-session settings in a drawer: the anti-ban pacing the owning worker enforces
 * (PATCH /v1/sessions/{id} with `pacing`, checked against the contracts' schema first).
 */
export function SessionSettingsDrawer({ session, onClose }: { session: Session | null; onClose: () => void }) {
  return (
    <Dialog
      open={session !== null}
      onClose={onClose}
      size="drawer"
      title={`Settings · ${session?.name ?? ""}`}
      description="How fast this number may send. Changes apply to the next message."
    >
      {session ? <SettingsForm session={session} onClose={onClose} /> : null}
    </Dialog>
  );
}

type FieldName = "messagesPerMinute" | "burst" | "dailyCap";

function SettingsForm({ session, onClose }: { session: Session; onClose: () => void }) {
  const api = useApi();
  const qc = useQueryClient();
  const { toast } = useFeedback();
  const [values, setValues] = useState<Record<FieldName, string>>({
    messagesPerMinute: String(session.pacing.messagesPerMinute),
    burst: String(session.pacing.burst),
    dailyCap: String(session.pacing.dailyCap),
  });
  const [typing, setTyping] = useState(session.pacing.typingSimulation);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const save = useMutation({
    mutationFn: (pacing: PacingPatch) => api.sessions.update(session.id, { pacing }),
    onSuccess: (updated) => {
      patchSession(qc, session.id, (s) => ({ ...s, ...updated }));
      toast("success", `Settings of ${session.name} saved.`);
      onClose();
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const candidate = {
      messagesPerMinute: Number(values.messagesPerMinute),
      burst: Number(values.burst),
      dailyCap: Number(values.dailyCap),
      typingSimulation: typing,
    };
    const parsed = PacingPatch.safeParse(candidate);
    if (!parsed.success) {
      const next: Partial<Record<FieldName, string>> = {};
      for (const issue of parsed.error.issues)
        next[issue.path[0] as FieldName] = plainLimit(issue.path[0] as FieldName);
      setErrors(next);
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  }

  const field = (name: FieldName, label: string, hint: string) => (
    <Field
      label={label}
      hint={hint}
      type="number"
      inputMode="numeric"
      min={1}
      value={values[name]}
      error={errors[name] ?? null}
      onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
    />
  );

  return (
    <form className="settings-form" onSubmit={submit} noValidate>
      {field("messagesPerMinute", "Messages per minute", "Sustained sending rate (1–600).")}
      {field("burst", "Burst", "Messages that may go out back to back before the rate applies (1–100).")}
      {field("dailyCap", "Daily cap", "Messages per day at most (1–100 000).")}
      <label className="check">
        <input type="checkbox" checked={typing} onChange={(e) => setTyping(e.target.checked)} />
        <span>
          Simulate typing
          <span className="field__hint">Show "typing…" to the contact for a moment before each message.</span>
        </span>
      </label>
      <p className="field__hint">Webhook filters are set per webhook (its sessions list), on the Webhooks page.</p>
      {save.isError ? (
        <p className="field__error" role="alert">
          {describeError(save.error)}
        </p>
      ) : null}
      <FormActions onCancel={onClose} submitLabel="Save settings" pendingLabel="Saving…" pending={save.isPending} />
    </form>
  );
}

const LIMITS: Record<FieldName, string> = {
  messagesPerMinute: "Enter a whole number from 1 to 600.",
  burst: "Enter a whole number from 1 to 100.",
  dailyCap: "Enter a whole number from 1 to 100000.",
};

function plainLimit(name: FieldName): string {
  return LIMITS[name] ?? "Check this value.";
}
