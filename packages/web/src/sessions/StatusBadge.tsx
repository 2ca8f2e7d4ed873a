import type { DisconnectInfo, SessionStatus } from "@wharf/contracts";
import { RelativeTime } from "../ui/RelativeTime";
import { isWorkerLost, STATUS_PRESENTATION } from "./status-rules";

/**
 * The status in words. Pass the session's `lastDisconnect` to tell a reconnect after the worker
 * holding the session died ("No worker — reconnecting", with the time since) from a plain one.
 */
export function StatusBadge({
  status,
  lastDisconnect,
}: {
  status: SessionStatus;
  lastDisconnect?: DisconnectInfo | null;
}) {
  const p = STATUS_PRESENTATION[status];
  const pulsing = status === "connecting" || status === "reconnecting" || status === "qr" || status === "pairing";
  const workerLost = isWorkerLost(status, lastDisconnect);
  return (
    <span
      className={`badge badge--${p.tone}`}
      title={workerLost ? "The worker running this session stopped answering; another worker takes it over." : p.hint}
      data-status={status}
      data-reason={workerLost ? "owner_lost" : undefined}
    >
      <span className={`badge__dot ${pulsing ? "badge__dot--pulse" : ""}`} aria-hidden="true" />
      {workerLost ? (
        <>
          No worker — reconnecting
          <span className="badge__since">
            {" · "}
            <RelativeTime iso={lastDisconnect?.at} mode="elapsed" />
          </span>
        </>
      ) : (
        p.label
      )}
    </span>
  );
}
