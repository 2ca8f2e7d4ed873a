import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeError } from "../api/http";
import { WEBHOOK_EVENT_TYPES, type UpdateWebhookBody, type Webhook, type WebhookEventType } from "../api/types";
import { useApi } from "../auth/AuthProvider";
import { useSessions } from "../sessions/queries";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { FormActions } from "../ui/FormActions";
import { MAX_DESCRIPTION } from "./CreateWebhookDialog";
import { HeadersEditor, headersError, rowsToHeaders, type HeaderRow } from "./HeadersEditor";
import { RotateSecretPanel } from "./RotateSecretPanel";
import { EventChecklist, SessionScope, urlError } from "./webhook-fields";

const sameList = (a: readonly string[] | null, b: readonly string[] | null) =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((x) => b.includes(x)));
const sameHeaders = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** Edit an endpoint: URL, description, events, sessions, custom headers, paused; and rotate its secret. */
export function EditWebhookDialog({
  webhook,
  onClose,
  onSaved,
}: {
  webhook: Webhook | null;
  onClose: () => void;
  onSaved: (w: Webhook) => void;
}) {
  return (
    <Dialog open={webhook !== null} onClose={onClose} title="Edit webhook" description={webhook?.url} size="md">
      {webhook ? <EditWebhookForm webhook={webhook} onClose={onClose} onSaved={onSaved} /> : null}
    </Dialog>
  );
}

function EditWebhookForm({
  webhook,
  onClose,
  onSaved,
}: {
  webhook: Webhook;
  onClose: () => void;
  onSaved: (w: Webhook) => void;
}) {
  const api = useApi();
  const sessions = useSessions().data ?? [];
  const [url, setUrl] = useState(webhook.url);
  const [description, setDescription] = useState(webhook.description ?? "");
  const [events, setEvents] = useState<WebhookEventType[]>([...webhook.events]);
  const [allSessions, setAllSessions] = useState(webhook.sessionIds === null);
  const [sessionIds, setSessionIds] = useState<string[]>(webhook.sessionIds ?? []);
  const [paused, setPaused] = useState(webhook.paused ?? false);
  const [rows, setRows] = useState<HeaderRow[]>(
    Object.entries(webhook.headers ?? {}).map(([name, value]) => ({ name, value })),
  );
  const [urlProblem, setUrlProblem] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({ mutationFn: (body: UpdateWebhookBody) => api.webhooks.update(webhook.id, body) });

  /** Only what changed goes to the API. */
  function changes(): UpdateWebhookBody {
    const body: UpdateWebhookBody = {};
    const nextUrl = url.trim();
    if (nextUrl !== webhook.url) body.url = nextUrl;
    const nextDescription = description.trim() || null;
    if (nextDescription !== webhook.description) body.description = nextDescription;
    const ordered = WEBHOOK_EVENT_TYPES.filter((e) => events.includes(e));
    if (!sameList(ordered, webhook.events)) body.events = ordered;
    const nextSessions = allSessions ? null : sessionIds;
    if (!sameList(nextSessions, webhook.sessionIds)) body.sessionIds = nextSessions;
    const headers = rowsToHeaders(rows);
    if (!sameHeaders(headers, webhook.headers ?? {})) body.headers = headers;
    if (paused !== (webhook.paused ?? false)) body.paused = paused;
    return body;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = urlError(url);
    setUrlProblem(problem);
    setError(null);
    if (problem) return;
    if (events.length === 0) return setError("Pick at least one event.");
    if (!allSessions && sessionIds.length === 0) return setError("Pick at least one session, or choose all sessions.");
    const headerProblem = headersError(rows);
    if (headerProblem) return setError(headerProblem);
    const body = changes();
    if (Object.keys(body).length === 0) return onClose();
    try {
      onSaved(await save.mutateAsync(body));
      onClose();
    } catch (err) {
      setError(describeError(err));
    }
  }

  return (
    <>
      <form onSubmit={submit} noValidate>
        <Field
          label="Endpoint URL"
          type="url"
          inputMode="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={urlProblem}
          data-autofocus
        />
        <Field
          label="Description (optional)"
          value={description}
          maxLength={MAX_DESCRIPTION}
          onChange={(e) => setDescription(e.target.value)}
        />
        <label className="check">
          <input type="checkbox" checked={paused} onChange={(e) => setPaused(e.target.checked)} />
          <span>
            <span>Pause deliveries</span>
            <span className="check__help">
              Events that happen while paused are not sent, and are not replayed when you resume.
            </span>
          </span>
        </label>
        <EventChecklist events={events} onChange={setEvents} />
        <SessionScope
          name={`webhook-scope-${webhook.id}`}
          sessions={sessions}
          allSessions={allSessions}
          onAllSessions={setAllSessions}
          sessionIds={sessionIds}
          onSessionIds={setSessionIds}
        />
        <HeadersEditor rows={rows} onChange={setRows} />
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
        <FormActions onCancel={onClose} submitLabel="Save changes" pendingLabel="Saving…" pending={save.isPending} />
      </form>
      <RotateSecretPanel webhook={webhook} onRotated={onSaved} />
    </>
  );
}
