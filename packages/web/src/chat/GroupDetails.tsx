import { useQueryClient } from "@tanstack/react-query";
import type { GroupInfo, UpdateGroupBody } from "@wharf/contracts";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { operationError, settle } from "../api/operations";
import { useApi } from "../auth/AuthProvider";
import { showGroup } from "../realtime/group-updates";
import { ErrorBanner, Field } from "../ui/Field";
import { useFeedback } from "../ui/Toasts";

const MAX_SUBJECT = 100;
const MAX_DESCRIPTION = 2048;

/** Only the fields that changed: WhatsApp sends one notification per change to every member. */
export function changedFields(group: GroupInfo, subject: string, description: string): UpdateGroupBody | null {
  const body: { subject?: string; description?: string | null } = {};
  if (subject !== group.subject) body.subject = subject;
  if (description !== (group.description ?? "")) body.description = description === "" ? null : description;
  return Object.keys(body).length > 0 ? body : null;
}

/**
 * The group's description, and for those allowed to change it (admins, or everyone when the
 * group is not restricted) an "Edit" form for the subject and the description.
 */
export function GroupDetails({ sessionId, group, canEdit }: { sessionId: string; group: GroupInfo; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const returning = useRef(false);
  // Back from the form (saved or cancelled): focus returns to "Edit", not to the page's start.
  useEffect(() => {
    if (!editing && returning.current) editButton.current?.focus();
    returning.current = editing;
  }, [editing]);
  if (editing) return <GroupDetailsForm sessionId={sessionId} group={group} onDone={() => setEditing(false)} />;
  return (
    <div className="group-info__details">
      {group.description ? (
        <p className="group-info__description">{group.description}</p>
      ) : canEdit ? (
        <p className="muted">No description</p>
      ) : null}
      {canEdit ? (
        <button
          ref={editButton}
          type="button"
          className="button button--ghost button--sm"
          onClick={() => setEditing(true)}
        >
          Edit name and description
        </button>
      ) : null}
    </div>
  );
}

function GroupDetailsForm({ sessionId, group, onDone }: { sessionId: string; group: GroupInfo; onDone: () => void }) {
  const api = useApi();
  const qc = useQueryClient();
  const { toast } = useFeedback();
  const descriptionId = useId();
  const [subject, setSubject] = useState(group.subject);
  const [description, setDescription] = useState(group.description ?? "");
  const [subjectError, setSubjectError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [phase, setPhase] = useState<"idle" | "busy" | "waiting">("idle");
  const form = useRef<HTMLFormElement>(null);
  // The "Edit" button that opened the form is gone: keep keyboard focus in the drawer.
  useEffect(() => form.current?.querySelector("input")?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = subject.trim();
    const sErr = trimmed ? null : "Give the group a name.";
    setSubjectError(sErr);
    setFailure(null);
    if (sErr) return;
    const body = changedFields(group, trimmed, description.trim());
    if (!body) {
      onDone();
      return;
    }
    setPhase("busy");
    try {
      const updated = await settle(api, sessionId, api.groups.update(sessionId, group.jid, body), {
        onWaiting: () => setPhase("waiting"),
      });
      showGroup(qc, sessionId, updated);
      toast("success", "Group info saved");
      onDone();
    } catch (err) {
      setFailure(operationError(err));
      setPhase("idle");
    }
  }

  return (
    <form
      ref={form}
      className="group-info__edit"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label="Edit group info"
    >
      {failure ? <ErrorBanner>{failure}</ErrorBanner> : null}
      <Field
        label="Group name"
        maxLength={MAX_SUBJECT}
        value={subject}
        onChange={(e) => setSubject(e.target.value)}
        error={subjectError}
      />
      <div className="field">
        <label className="field__label" htmlFor={descriptionId}>
          Description
        </label>
        <textarea
          id={descriptionId}
          className="input textarea"
          rows={4}
          maxLength={MAX_DESCRIPTION}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-describedby={`${descriptionId}-hint`}
        />
        <p id={`${descriptionId}-hint`} className="field__hint">
          Every member sees it in the group's info. Leave it empty to remove it.
        </p>
      </div>
      {phase === "waiting" ? (
        <p className="field__hint" role="status">
          Still waiting for WhatsApp…
        </p>
      ) : null}
      <div className="group-info__edit-actions">
        <button type="button" className="button button--secondary button--sm" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button--primary button--sm" disabled={phase !== "idle"}>
          {phase === "idle" ? "Save" : "Saving…"}
        </button>
      </div>
    </form>
  );
}
