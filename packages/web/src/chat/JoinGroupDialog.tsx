import { useQueryClient } from "@tanstack/react-query";
import type { GroupInfo } from "@wharf/contracts";
import { useState, type FormEvent } from "react";
import { operationError, settle } from "../api/operations";
import { useApi } from "../auth/AuthProvider";
import { showGroup } from "../realtime/group-updates";
import { Dialog } from "../ui/Dialog";
import { ErrorBanner, Field } from "../ui/Field";
import { FormActions } from "../ui/FormActions";

const INVITE_HOST = "chat.whatsapp.com";

/**
 * What to send for a pasted invite: the server takes the code or the whole link, so only input
 * that cannot be either is refused here (another site's link, spaces inside a code).
 */
export function inviteProblem(raw: string): string | null {
  const value = raw.trim();
  if (!value) return "Paste an invite link or code.";
  if (/^https?:\/\//i.test(value) || value.includes("/")) {
    let host = "";
    try {
      host = new URL(/^https?:\/\//i.test(value) ? value : `https://${value}`).hostname;
    } catch {
      // not a URL at all: falls through to the message below
    }
    return host.toLowerCase() === INVITE_HOST ? null : `That is not a WhatsApp invite link (${INVITE_HOST}/…).`;
  }
  return /^[A-Za-z0-9]+$/.test(value) ? null : "An invite code has only letters and digits.";
}

/** "Join group": an invite link or code, joined through the session's owner; the group's thread opens. */
export function JoinGroupDialog({
  sessionId,
  open,
  onClose,
  onJoined,
}: {
  sessionId: string;
  open: boolean;
  onClose: () => void;
  onJoined: (group: GroupInfo) => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Join a group"
      size="sm"
      description="Join a WhatsApp group with an invite link an admin shared."
    >
      <JoinForm sessionId={sessionId} onClose={onClose} onJoined={onJoined} />
    </Dialog>
  );
}

function JoinForm({
  sessionId,
  onClose,
  onJoined,
}: {
  sessionId: string;
  onClose: () => void;
  onJoined: (group: GroupInfo) => void;
}) {
  const api = useApi();
  const qc = useQueryClient();
  const [invite, setInvite] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [phase, setPhase] = useState<"idle" | "busy" | "waiting">("idle");

  async function submit(e: FormEvent) {
    e.preventDefault();
    const p = inviteProblem(invite);
    setProblem(p);
    setFailure(null);
    if (p) return;
    setPhase("busy");
    try {
      const group = await settle(api, sessionId, api.groups.join(sessionId, { code: invite.trim() }), {
        onWaiting: () => setPhase("waiting"),
      });
      showGroup(qc, sessionId, group);
      onJoined(group);
    } catch (err) {
      setFailure(operationError(err));
      setPhase("idle");
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      {failure ? <ErrorBanner>{failure}</ErrorBanner> : null}
      <Field
        label="Invite link or code"
        placeholder={`https://${INVITE_HOST}/…`}
        autoComplete="off"
        spellCheck={false}
        value={invite}
        onChange={(e) => setInvite(e.target.value)}
        error={problem}
        hint="The group's admins find it under “Invite via link” on their phone."
        data-autofocus
      />
      {phase === "waiting" ? (
        <p className="field__hint" role="status">
          Still waiting for WhatsApp… the group opens once it answers.
        </p>
      ) : null}
      <FormActions onCancel={onClose} submitLabel="Join group" pendingLabel="Joining…" pending={phase !== "idle"} />
    </form>
  );
}
