import { useQueryClient } from "@tanstack/react-query";
import { MAX_PARTICIPANTS_PER_CALL, type GroupInfo } from "@wharf/contracts";
import { useId, useState, type FormEvent } from "react";
import { isApiError } from "../api/http";
import { operationError, settle } from "../api/operations";
import { qk } from "../api/query-keys";
import { useApi } from "../auth/AuthProvider";
import { phoneDigits, phoneError } from "../sessions/link/hooks";
import { Dialog } from "../ui/Dialog";
import { ErrorBanner, Field } from "../ui/Field";
import { FormActions } from "../ui/FormActions";
import { formatPhone } from "../ui/format";

/** One number per line (commas and semicolons work too); blank entries are skipped. */
export function splitNumbers(raw: string): string[] {
  return raw
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The numbers asked for that are not among the new group's members (WhatsApp refused them). */
export function notAdded(asked: string[], group: GroupInfo): string[] {
  const members = new Set(group.participants.map((p) => p.phone ?? p.jid.split("@")[0]));
  return asked.filter((d) => !members.has(d));
}

/** A 400's per-number details (`body.participants.<i>`) as "number: reason" lines. */
function numberProblems(err: unknown, asked: string[]): string[] {
  if (!isApiError(err)) return [];
  return err.details.flatMap((d) => {
    const i = /^body\.participants\.(\d+)$/.exec(d.path)?.[1];
    return i === undefined ? [] : [`${formatPhone(asked[Number(i)] ?? "")}: ${d.message}`];
  });
}

/**
 * "New group": a subject and members' numbers. WhatsApp creates the group through the session's
 * owner; numbers it did not add (not on WhatsApp, privacy settings) are named once the group opens.
 */
export function NewGroupDialog({
  sessionId,
  open,
  onClose,
  onCreated,
}: {
  sessionId: string;
  open: boolean;
  onClose: () => void;
  onCreated: (group: GroupInfo, notAdded: string[]) => void;
}) {
  const api = useApi();
  const qc = useQueryClient();
  const membersId = useId();
  const [subject, setSubject] = useState("");
  const [numbers, setNumbers] = useState("");
  const [subjectError, setSubjectError] = useState<string | null>(null);
  const [numbersErrors, setNumbersErrors] = useState<string[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [phase, setPhase] = useState<"idle" | "busy" | "waiting">("idle");

  function reset() {
    setSubject("");
    setNumbers("");
    setSubjectError(null);
    setNumbersErrors([]);
    setFailure(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const entries = splitNumbers(numbers);
    const sErr = subject.trim() ? null : "Give the group a name.";
    const nErrs =
      entries.length === 0
        ? ["Add at least one member's number."]
        : entries.length > MAX_PARTICIPANTS_PER_CALL
          ? [`At most ${MAX_PARTICIPANTS_PER_CALL} members at once.`]
          : entries.flatMap((n) => {
              const problem = phoneError(n);
              return problem ? [`${n}: ${problem}`] : [];
            });
    setSubjectError(sErr);
    setNumbersErrors(nErrs);
    setFailure(null);
    if (sErr || nErrs.length > 0) return;
    const asked = entries.map(phoneDigits);
    setPhase("busy");
    try {
      const group = await settle(
        api,
        sessionId,
        api.groups.create(sessionId, { subject: subject.trim(), participants: asked }),
        { onWaiting: () => setPhase("waiting") },
      );
      qc.setQueryData(qk.group(sessionId, group.jid), group);
      void qc.invalidateQueries({ queryKey: qk.chats(sessionId) });
      reset();
      onCreated(group, notAdded(asked, group));
    } catch (err) {
      const perNumber = numberProblems(err, asked);
      if (perNumber.length > 0) setNumbersErrors(perNumber);
      else setFailure(operationError(err));
    } finally {
      setPhase("idle");
    }
  }

  const describedBy = numbersErrors.length > 0 ? `${membersId}-hint ${membersId}-error` : `${membersId}-hint`;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New group"
      size="sm"
      description="Create a WhatsApp group from this session."
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        {failure ? <ErrorBanner>{failure}</ErrorBanner> : null}
        <Field
          label="Group name"
          maxLength={100}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          error={subjectError}
          data-autofocus
        />
        <div className="field">
          <label className="field__label" htmlFor={membersId}>
            Members' phone numbers
          </label>
          <textarea
            id={membersId}
            className="input textarea"
            rows={4}
            inputMode="tel"
            placeholder={"+49 151 23456789\n+44 7700 900123"}
            value={numbers}
            onChange={(e) => setNumbers(e.target.value)}
            aria-invalid={numbersErrors.length > 0 ? true : undefined}
            aria-describedby={describedBy}
          />
          <p id={`${membersId}-hint`} className="field__hint">
            One number per line, with the country code.
          </p>
          {numbersErrors.length > 0 ? (
            <ul id={`${membersId}-error`} className="field__error new-group__errors" role="alert">
              {numbersErrors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </div>
        {phase === "waiting" ? (
          <p className="field__hint" role="status">
            Still waiting for WhatsApp… the group appears once it answers.
          </p>
        ) : null}
        <FormActions
          onCancel={onClose}
          submitLabel="Create group"
          pendingLabel="Creating…"
          pending={phase !== "idle"}
        />
      </form>
    </Dialog>
  );
}
