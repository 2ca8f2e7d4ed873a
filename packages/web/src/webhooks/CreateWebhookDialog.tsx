import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeError } from "../api/http";
import { WEBHOOK_EVENT_TYPES, type CreatedWebhook, type WebhookEventType } from "../api/types";
import { useApi } from "../auth/AuthProvider";
import { useSessions } from "../sessions/queries";
import { CopyButton } from "../ui/CopyButton";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { FormActions } from "../ui/FormActions";
import { EventChecklist, SessionScope, urlError } from "./webhook-fields";

/** Preselected for a new webhook: what most integrations need. */
export const DEFAULT_EVENTS: WebhookEventType[] = ["message.received", "message.status", "session.status"];

export const MAX_DESCRIPTION = 200;

export function CreateWebhookDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (w: CreatedWebhook) => void;
}) {
  const api = useApi();
  const sessions = useSessions().data ?? [];
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>([...DEFAULT_EVENTS]);
  const [allSessions, setAllSessions] = useState(true);
  const [sessionIds, setSessionIds] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [urlProblem, setUrlProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const create = useMutation({ mutationFn: api.webhooks.create });

  const close = () => {
    setUrl("");
    setDescription("");
    setEvents([...DEFAULT_EVENTS]);
    setAllSessions(true);
    setSessionIds([]);
    setError(null);
    setUrlProblem(null);
    setCreated(null);
    onClose();
  };
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = urlError(url);
    setUrlProblem(problem);
    setError(null);
    if (problem) return;
    if (events.length === 0) return setError("Pick at least one event.");
    if (!allSessions && sessionIds.length === 0) return setError("Pick at least one session, or choose all sessions.");
    try {
      // in the API's order, so the list reads the same everywhere
      const ordered = WEBHOOK_EVENT_TYPES.filter((e) => events.includes(e));
      const w = await create.mutateAsync({
        url: url.trim(),
        events: ordered,
        ...(allSessions ? {} : { sessionIds }),
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setCreated(w);
      onCreated(w);
    } catch (err) {
      setError(describeError(err));
    }
  }

  if (created) {
    return (
      <Dialog open={open} onClose={close} title="Webhook created" size="md">
        <div className="secret">
          <div className="banner banner--warning" role="status">
            Copy the signing secret now; it is not shown again. Verify each delivery's <code>Wharf-Signature</code>{" "}
            header with it.
          </div>
          <label className="field__label" htmlFor="webhook-secret">
            Signing secret
          </label>
          <input
            id="webhook-secret"
            className="input input--mono"
            readOnly
            value={created.secret}
            onFocus={(e) => e.currentTarget.select()}
            autoFocus
          />
          <div className="dialog__actions">
            <CopyButton value={created.secret} label="Copy secret" />
            <button type="button" className="button button--primary" onClick={close}>
              Done
            </button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title="New webhook"
      description="Wharf POSTs signed JSON to this URL and retries failures for 24 hours."
      size="md"
    >
      <form onSubmit={submit} noValidate>
        <Field
          label="Endpoint URL"
          type="url"
          inputMode="url"
          placeholder="https://example.com/wharf/events"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={urlProblem}
          data-autofocus
        />
        <Field
          label="Description (optional)"
          placeholder="Order bot, production"
          value={description}
          maxLength={MAX_DESCRIPTION}
          onChange={(e) => setDescription(e.target.value)}
        />
        <EventChecklist events={events} onChange={setEvents} />
        <SessionScope
          name="webhook-scope"
          sessions={sessions}
          allSessions={allSessions}
          onAllSessions={setAllSessions}
          sessionIds={sessionIds}
          onSessionIds={setSessionIds}
        />
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
        <FormActions
          onCancel={close}
          submitLabel="Create webhook"
          pendingLabel="Creating…"
          pending={create.isPending}
        />
      </form>
    </Dialog>
  );
}
