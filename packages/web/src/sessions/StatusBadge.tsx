import type { SessionStatus } from "@wharf/contracts";
import { STATUS_PRESENTATION } from "./status-rules";

export function StatusBadge({ status }: { status: SessionStatus }) {
  const p = STATUS_PRESENTATION[status];
  const pulsing = status === "connecting" || status === "reconnecting" || status === "qr" || status === "pairing";
  return (
    <span className={`badge badge--${p.tone}`} title={p.hint} data-status={status}>
      <span className={`badge__dot ${pulsing ? "badge__dot--pulse" : ""}`} aria-hidden="true" />
      {p.label}
    </span>
  );
}
