import { useEffect, useRef } from "react";
import { RefreshIcon } from "../../ui/icons";
import { Spinner } from "../../ui/Field";
import { VirtualPhoneLink } from "../../demo/VirtualPhoneLink";
import { useCountdown, useQrDataUrl } from "./hooks";

interface QrPanelProps {
  qr: string | null;
  expiresAt: string | null;
  /** a QR is on its way (connect requested / session linking) */
  waiting: boolean;
  /** the server has no QR endpoint and no frame brought one */
  unavailable: boolean;
  onRefresh: () => void;
}

export function QrPanel({ qr, expiresAt, waiting, unavailable, onRefresh }: QrPanelProps) {
  const image = useQrDataUrl(qr);
  const left = useCountdown(expiresAt);
  const expired = qr !== null && left === 0;
  const refreshed = useRef<string | null>(null);

  // Automatic refresh: WhatsApp rotates QRs itself (a frame brings the next one); if none came
  // by the deadline, ask the API once for the current one.
  useEffect(() => {
    if (expired && qr && refreshed.current !== qr) {
      refreshed.current = qr;
      onRefresh();
    }
  }, [expired, qr, onRefresh]);

  // The first deadline seen for this QR is the bar's full length (WhatsApp: 60 s, then 20 s).
  const total = useRef<{ qr: string | null; seconds: number }>({ qr: null, seconds: 60 });
  if (qr && left !== null && total.current.qr !== qr) total.current = { qr, seconds: Math.max(1, left) };
  const pct = left === null ? 100 : Math.max(0, Math.min(100, (left / total.current.seconds) * 100));

  return (
    <div className="qr">
      <div className={`qr__frame ${expired ? "qr__frame--expired" : ""}`}>
        {image.url ? (
          <img
            src={image.url}
            alt="QR code: scan it with WhatsApp on the phone to link it"
            className="qr__image"
            width={264}
            height={264}
          />
        ) : (
          <div className="qr__placeholder">
            {unavailable ? (
              <p>QR codes need the realtime API, which this server does not offer yet.</p>
            ) : waiting || qr ? (
              <>
                <Spinner label="Waiting for a QR code" />
                <p>Waiting for a QR code…</p>
              </>
            ) : (
              <p>No QR code right now.</p>
            )}
          </div>
        )}
        {expired ? (
          <div className="qr__overlay">
            <p>This QR code expired.</p>
            <button type="button" className="button button--primary button--sm" onClick={onRefresh}>
              <RefreshIcon size={15} />
              Refresh
            </button>
          </div>
        ) : null}
      </div>

      <div className="qr__side">
        <ol className="steps">
          <li>
            <span>
              Open <strong>WhatsApp</strong> on the phone.
            </span>
          </li>
          <li>
            <span>
              Go to <strong>Settings → Linked devices</strong>.
            </span>
          </li>
          <li>
            <span>
              Tap <strong>Link a device</strong> and point the camera at this code.
            </span>
          </li>
        </ol>
        {qr && left !== null && !expired ? (
          <div className="countdown" aria-live="off">
            <div className="countdown__label">
              <span>Code refreshes in</span>
              <span className="countdown__value" data-testid="qr-countdown">
                {Math.floor(left / 60)}:{String(left % 60).padStart(2, "0")}
              </span>
            </div>
            <div className="countdown__bar" aria-hidden="true">
              <span style={{ width: `${pct}%` }} />
            </div>
          </div>
        ) : null}
        {qr && !expired ? <VirtualPhoneLink qr={qr} /> : null}
        {image.error ? (
          <p className="field__error">The QR code could not be drawn. Use a pairing code instead.</p>
        ) : null}
      </div>
    </div>
  );
}
