import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { describeError, isUnavailable } from "../api/http";
import { qk } from "../api/query-keys";
import type { Webhook } from "../api/types";
import { useApi } from "../auth/AuthProvider";
import { useSessions } from "../sessions/queries";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState, ErrorBanner, PageHeader } from "../ui/Field";
import { absoluteTime, relativeTime } from "../ui/format";
import { BoltIcon, PlusIcon, TrashIcon, WebhookIcon } from "../ui/icons";
import { EditWebhookDialog } from "./EditWebhookDialog";
import { useFeedback } from "../ui/Toasts";
import { CreateWebhookDialog } from "./CreateWebhookDialog";
import { DeliveryLog } from "./DeliveryLog";
import { useWebhooks } from "./queries";

export function WebhooksPage() {
  const api = useApi();
  const qc = useQueryClient();
  const { toast } = useFeedback();
  const webhooks = useWebhooks();
  const sessions = useSessions().data ?? [];
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [editing, setEditing] = useState<Webhook | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const test = useMutation({
    mutationFn: (id: string) => api.webhooks.test(id),
    onSuccess: (_d, id) => {
      toast("success", "Test event sent. Its delivery appears in the log.");
      setExpanded(id);
      void qc.invalidateQueries({ queryKey: qk.deliveries(id) });
    },
    onError: (err) => toast("error", describeError(err)),
  });

  const sessionName = (id: string) => sessions.find((s) => s.id === id)?.name ?? id;
  const newButton = (
    <button
      type="button"
      className="button button--primary"
      onClick={() => setCreating(true)}
      disabled={webhooks.isError && isUnavailable(webhooks.error)}
    >
      <PlusIcon size={16} />
      New webhook
    </button>
  );

  if (webhooks.isError && isUnavailable(webhooks.error)) {
    return (
      <>
        <PageHeader title="Webhooks" description="Signed HTTP callbacks for session and message events." />
        <section className="card">
          <EmptyState icon={<WebhookIcon size={28} />} title="Webhooks aren't available on this server yet">
            This server does not offer the webhooks API. Update Wharf to get signed, retried event deliveries.
          </EmptyState>
        </section>
      </>
    );
  }

  const list = webhooks.data ?? [];
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Wharf signs every delivery (Wharf-Signature) and retries failures with backoff for over 24 hours."
        actions={newButton}
      />
      {webhooks.isError ? <ErrorBanner>Could not load webhooks: {describeError(webhooks.error)}</ErrorBanner> : null}
      {webhooks.isPending ? (
        <section className="card">
          <div className="table-skeleton" role="progressbar" aria-busy="true" aria-label="Loading webhooks">
            <div className="skeleton-row" />
          </div>
        </section>
      ) : list.length === 0 && !webhooks.isError ? (
        <section className="card">
          <EmptyState icon={<WebhookIcon size={28} />} title="No webhooks yet" action={newButton}>
            Point Wharf at your server to receive inbound messages and status changes as they happen.
          </EmptyState>
        </section>
      ) : (
        <ul className="webhook-list">
          {list.map((w) => (
            <li key={w.id} className="card webhook">
              <div className="webhook__head">
                <div className="webhook__main">
                  {w.description || w.paused ? (
                    <div className="webhook__description">
                      {w.description}
                      {w.paused ? <span className="chip chip--warning">Paused</span> : null}
                    </div>
                  ) : null}
                  <div className="webhook__url mono">{w.url}</div>
                  <div className="webhook__meta">
                    {w.events.map((e) => (
                      <span key={e} className="chip mono">
                        {e}
                      </span>
                    ))}
                    <span className="muted">
                      · {w.sessionIds ? w.sessionIds.map(sessionName).join(", ") : "all sessions"}
                    </span>
                    <span className="muted">· created {relativeTime(w.createdAt)}</span>
                    <span className="muted" title="First characters of the signing secret">
                      · secret <span className="mono">{w.secretPrefix}…</span>
                    </span>
                    {w.previousSecret ? (
                      <span className="muted" title="Deliveries carry both signatures until then">
                        · old secret valid until {absoluteTime(w.previousSecret.expiresAt)}
                      </span>
                    ) : null}
                    {/* servers before webhook editing send no headers */}
                    {Object.keys(w.headers ?? {}).length > 0 ? (
                      <span className="muted">· {Object.keys(w.headers).length} custom header(s)</span>
                    ) : null}
                  </div>
                </div>
                <div className="row-actions">
                  <button
                    type="button"
                    className="button button--secondary button--sm"
                    aria-label={`Edit webhook ${w.url}`}
                    onClick={() => setEditing(w)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button button--secondary button--sm"
                    onClick={() => test.mutate(w.id)}
                    disabled={test.isPending || w.paused}
                    title={w.paused ? "Resume the webhook to send a test" : undefined}
                  >
                    <BoltIcon size={15} /> Send test
                  </button>
                  <button
                    type="button"
                    className="button button--ghost button--sm"
                    aria-expanded={expanded === w.id}
                    aria-controls={`deliveries-${w.id}`}
                    onClick={() => setExpanded((x) => (x === w.id ? null : w.id))}
                  >
                    {expanded === w.id ? "Hide deliveries" : "Deliveries"}
                  </button>
                  <button
                    type="button"
                    className="icon-button icon-button--danger"
                    aria-label={`Delete webhook ${w.url}`}
                    onClick={() => setDeleting(w)}
                  >
                    <TrashIcon size={16} />
                  </button>
                </div>
              </div>
              {expanded === w.id ? (
                <div id={`deliveries-${w.id}`} className="webhook__deliveries">
                  <DeliveryLog webhookId={w.id} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <CreateWebhookDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(w) => {
          const { secret: _secret, ...hook } = w;
          qc.setQueryData<Webhook[]>(qk.webhooks(), (l) => [hook, ...(l ?? [])]);
        }}
      />
      <EditWebhookDialog
        webhook={editing}
        onClose={() => setEditing(null)}
        onSaved={(w) => {
          qc.setQueryData<Webhook[]>(qk.webhooks(), (l) => l?.map((x) => (x.id === w.id ? w : x)));
          setEditing((e) => (e ? w : e));
          toast("success", "Webhook updated.");
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete webhook?"
        confirmLabel="Delete webhook"
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          const w = deleting!;
          await api.webhooks.remove(w.id);
          qc.setQueryData<Webhook[]>(qk.webhooks(), (l) => l?.filter((x) => x.id !== w.id));
          toast("success", "Webhook deleted.");
        }}
      >
        <span className="mono">{deleting?.url}</span> will stop receiving events. Pending retries are dropped.
      </ConfirmDialog>
    </>
  );
}
