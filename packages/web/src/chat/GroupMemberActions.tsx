import { useQueryClient } from "@tanstack/react-query";
import type { GroupParticipant, ParticipantResult } from "@wharf/contracts";
import { useState, type FormEvent } from "react";
import { operationError, settle } from "../api/operations";
import { qk } from "../api/query-keys";
import { useApi } from "../auth/AuthProvider";
import { phoneDigits, phoneError } from "../sessions/link/hooks";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { Field } from "../ui/Field";
import { MoreIcon } from "../ui/icons";
import { MenuButton } from "../ui/Menu";
import { useFeedback } from "../ui/Toasts";

type Action = "add" | "remove" | "promote" | "demote";

/** Why WhatsApp did not change a member, for people. */
const RESULT_WORDS: Record<ParticipantResult["result"], string> = {
  ok: "done",
  not_on_whatsapp: "not on WhatsApp",
  privacy_blocked: "their privacy settings don't allow being added",
  already_member: "already in the group",
  not_member: "not in the group",
  not_allowed: "WhatsApp doesn't allow it",
  invalid: "not a valid number",
  refused: "WhatsApp refused it",
};

const DONE: Record<Action, string> = {
  add: "added",
  remove: "removed",
  promote: "is now an admin",
  demote: "is no longer an admin",
};

/** One participants call for one member; a per-member refusal rejects with its reason. */
export function useParticipantAction(sessionId: string, jid: string) {
  const api = useApi();
  const qc = useQueryClient();
  const { toast } = useFeedback();
  return async (action: Action, member: string, name: string) => {
    const answer = await settle(
      api,
      sessionId,
      api.groups.participants(sessionId, jid, { action, participants: [member] }),
      { onWaiting: () => toast("info", "Still waiting for WhatsApp…") },
    ).catch((err: unknown) => {
      throw new Error(operationError(err));
    });
    const result = answer.results[0]?.result ?? "refused";
    if (result !== "ok") throw new Error(`${name}: ${RESULT_WORDS[result]}.`);
    void qc.invalidateQueries({ queryKey: qk.group(sessionId, jid) });
    toast("success", `${name} ${DONE[action]}`);
  };
}

/** An admin's menu on another member's row: promote or demote, and remove after a confirmation. */
export function MemberMenu({
  member,
  name,
  groupTitle,
  run,
}: {
  member: GroupParticipant;
  name: string;
  groupTitle: string;
  run: (action: Action, member: string, name: string) => Promise<void>;
}) {
  const { toast } = useFeedback();
  const [removing, setRemoving] = useState(false);
  const attempt = (action: Action) => void run(action, member.jid, name).catch((e: Error) => toast("error", e.message));
  return (
    <>
      <MenuButton
        label={`Actions for ${name}`}
        icon={<MoreIcon size={16} />}
        items={[
          member.admin
            ? { label: "Dismiss as admin", onSelect: () => attempt("demote") }
            : { label: "Make admin", onSelect: () => attempt("promote") },
          { label: "Remove from group", danger: true, onSelect: () => setRemoving(true) },
        ]}
      />
      <ConfirmDialog
        open={removing}
        title={`Remove ${name}?`}
        confirmLabel="Remove"
        onClose={() => setRemoving(false)}
        onConfirm={async () => {
          await run("remove", member.jid, name);
          setRemoving(false);
        }}
      >
        {name} stops receiving {groupTitle}'s messages.
      </ConfirmDialog>
    </>
  );
}

/** An admin adds a member by number. */
export function AddMemberForm({ run }: { run: (action: Action, member: string, name: string) => Promise<void> }) {
  const [phone, setPhone] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = phoneError(phone);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      await run("add", phoneDigits(phone), `+${phoneDigits(phone)}`);
      setPhone("");
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="group-info__add" onSubmit={(e) => void submit(e)} noValidate>
      <Field
        label="Add a member"
        inputMode="tel"
        placeholder="+49 151 23456789"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        error={error}
      />
      <button type="submit" className="button button--secondary button--sm" disabled={busy}>
        {busy ? "Adding…" : "Add"}
      </button>
    </form>
  );
}
