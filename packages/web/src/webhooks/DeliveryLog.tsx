import { useMutation, useQueryClient } from "@tanstack/react-query";
import { describeError } from "../api/http";
import { qk } from "../api/query-keys";
import type { DeliveryStatus } from "../api/types";
import { useApi } from "../auth/AuthProvider";
import { ErrorBanner, Spinner } from "../ui/Field";
import { RelativeTime } from "../ui/RelativeTime";
import { RefreshIcon } from "../ui/icons";
import { useFeedback } from "../ui/Toasts";
import { useDeliveries } from "./queries";

const DELIVERY_TONE: Record<DeliveryStatus, { label: string; tone: string }> = {
  pending: { label: "Retrying", tone: "warning" },
  succeeded: { label: "Delivered", tone: "success" },
  dead: { label: "Gave up", tone: "danger" },
};

/** The deliverer's "the endpoint answered HTTP 500" says nothing the status column does not. */
function repeatsStatus(error: string, status: number | null): boolean {
  return status !== null && new RegExp(`\\bHTTP ${status}\\.?$`).test(error.trim());
}

export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const api = useApi();
  const qc = useQueryClient();
  const { toast } = useFeedback();
  const deliveries = useDeliveries(webhookId);
  const redeliver = useMutation({
    mutationFn: (id: string) => api.webhooks.redeliver(id),
    onSuccess: () => {
      toast("success", "Delivery queued again.");
      void qc.invalidateQueries({ queryKey: qk.deliveries(webhookId) });
    },
    onError: (err) => toast("error", describeError(err)),
  });

  if (deliveries.isPending)
    return (
      <div className="center-pad">
        <Spinner label="Loading deliveries" />
      </div>
    );
  if (deliveries.isError)
    return <ErrorBanner>Could not load deliveries: {describeError(deliveries.error)}</ErrorBanner>;
  const rows = deliveries.data.data;
  if (rows.length === 0)
    return <p className="muted deliveries__empty">No deliveries yet. Send a test event to see one here.</p>;

  return (
    <table className="table table--compact table--responsive">
      <caption className="sr-only">Recent deliveries</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Attempts
          </th>
          <th scope="col">Response</th>
          <th scope="col">When</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => {
          const t = DELIVERY_TONE[d.status] ?? { label: d.status, tone: "neutral" };
          return (
            <tr key={d.id}>
              <td data-label="Event">
                <div className="mono">{d.eventType}</div>
                <div className="cell-sub mono">{d.eventId}</div>
              </td>
              <td data-label="Status">
                <span className={`badge badge--${t.tone}`}>
                  <span className="badge__dot" aria-hidden="true" />
                  {t.label}
                </span>
                {d.status === "pending" && d.nextAttemptAt ? (
                  <div className="cell-sub">
                    next try <RelativeTime iso={d.nextAttemptAt} mode="until" />
                  </div>
                ) : null}
              </td>
              <td data-label="Attempts" className="num">
                {d.attempts}
              </td>
              <td data-label="Response">
                {d.responseStatus ? <span className="mono">HTTP {d.responseStatus}</span> : null}
                {d.error && !repeatsStatus(d.error, d.responseStatus) ? (
                  <div className="cell-sub">{d.error}</div>
                ) : d.responseStatus ? null : (
                  <span className="muted">—</span>
                )}
              </td>
              <td data-label="When">
                <RelativeTime iso={d.lastAttemptAt ?? d.createdAt} />
              </td>
              <td data-label="Actions" className="actions-cell">
                <button
                  type="button"
                  className="button button--ghost button--sm"
                  disabled={redeliver.isPending}
                  onClick={() => redeliver.mutate(d.id)}
                  aria-label={`Redeliver ${d.eventType} ${d.eventId}`}
                >
                  <RefreshIcon size={14} /> Redeliver
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
