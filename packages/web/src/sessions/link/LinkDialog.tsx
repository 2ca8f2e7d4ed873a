import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { describeError, isUnavailable } from "../../api/http";
import { useFeedback } from "../../ui/Toasts";
import { Dialog } from "../../ui/Dialog";
import { AlertIcon } from "../../ui/icons";
import { formatPhone } from "../../ui/format";
import { useSession, useSessionCommands } from "../queries";
import { canConnect, disconnectWords, isLinking } from "../status-rules";
import { StatusBadge } from "../StatusBadge";
import { useLinkCredentials } from "./hooks";
import { PairingPanel } from "./PairingPanel";
import { QrPanel } from "./QrPanel";

type Tab = "qr" | "code";
const TABS: { id: Tab; label: string }[] = [
  { id: "qr", label: "QR code" },
  { id: "code", label: "Pairing code" },
];

/**
 * Links a phone to a session. Opening it starts a QR attempt (if the session is idle); the
 * QR comes from realtime frames (GET …/qr as fallback); the dialog closes itself once the
 * session is `open`, and says in plain words why an attempt ended otherwise.
 */
export function LinkDialog({ sessionId, onClose }: { sessionId: string | null; onClose: () => void }) {
  return (
    <Dialog open={sessionId !== null} onClose={onClose} title="Link a phone" size="md">
      {sessionId ? <LinkFlow sessionId={sessionId} onClose={onClose} /> : null}
    </Dialog>
  );
}

function LinkFlow({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const { toast, announce } = useFeedback();
  const session = useSession(sessionId, 3000).data;
  const { connect, disconnect } = useSessionCommands();
  const [tab, setTab] = useState<Tab>("qr");
  const [attempted, setAttempted] = useState(false);
  const [switching, setSwitching] = useState(false);
  const [requestError, setRequestError] = useState<string | null>(null);
  const started = useRef(false);
  const status = session?.status;
  const link = useLinkCredentials(sessionId, status !== undefined && isLinking(status));

  async function start(body: { method: "qr" } | { method: "pairing_code"; phone: string }) {
    setRequestError(null);
    setAttempted(true);
    try {
      // Changing method mid-attempt: stop the running attempt first (qr → disconnected → connecting).
      if (status && !canConnect(status)) {
        setSwitching(true);
        await disconnect.mutateAsync(sessionId);
      }
      await connect.mutateAsync({ id: sessionId, body });
      announce(body.method === "qr" ? "Requesting a QR code" : "Requesting a pairing code");
    } catch (err) {
      setRequestError(
        isUnavailable(err)
          ? "This server cannot link phones yet (the session control API is not available)."
          : describeError(err),
      );
    } finally {
      setSwitching(false);
    }
  }

  // Opening the dialog on an idle session starts a QR attempt; on a linking one it just shows it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, when the session first loads (`started`); `start` is a new closure every render
  useEffect(() => {
    if (!session || started.current) return;
    started.current = true;
    if (canConnect(session.status)) void start({ method: "qr" });
    else setAttempted(true);
  }, [session]);

  const closed = useRef(false);
  useEffect(() => {
    if (status !== "open" || closed.current) return;
    closed.current = true;
    toast(
      "success",
      `${session?.name ?? "Session"} is connected${session?.phone ? ` as ${formatPhone(session.phone)}` : ""}.`,
    );
    onClose();
  }, [status, onClose, toast, session?.name, session?.phone]);

  const ended =
    attempted && !switching && !connect.isPending && status !== undefined && canConnect(status) && status !== "created";
  const endedWords = ended
    ? (disconnectWords(session?.lastDisconnect) ?? "The linking attempt stopped before the phone was linked.")
    : null;

  function onTabKey(e: KeyboardEvent<HTMLButtonElement>) {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    e.preventDefault();
    const next: Tab = tab === "qr" ? "code" : "qr";
    setTab(next);
    document.getElementById(`link-tab-${next}`)?.focus();
  }

  return (
    <div className="link">
      <div className="link__status">
        <span className="link__session">{session?.name ?? "…"}</span>
        {status ? <StatusBadge status={status} /> : null}
      </div>

      <div role="tablist" aria-label="Linking method" className="tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`link-tab-${t.id}`}
            role="tab"
            type="button"
            className="tabs__tab"
            aria-selected={tab === t.id}
            aria-controls={`link-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={onTabKey}
          >
            {t.label}
          </button>
        ))}
      </div>

      {requestError || endedWords ? (
        <div className="banner banner--error link__error" role="alert">
          <AlertIcon />
          <div>
            <strong>{requestError ? "Could not start linking." : "Not linked."}</strong> {requestError ?? endedWords}
          </div>
          <button
            type="button"
            className="button button--secondary button--sm"
            onClick={() => void start({ method: "qr" })}
            disabled={connect.isPending}
          >
            Try again
          </button>
        </div>
      ) : null}

      <div id="link-panel-qr" role="tabpanel" aria-labelledby="link-tab-qr" hidden={tab !== "qr"}>
        {tab === "qr" ? (
          <QrPanel
            qr={link.data?.qr ?? null}
            expiresAt={link.data?.expiresAt ?? null}
            waiting={connect.isPending || (status !== undefined && isLinking(status))}
            unavailable={link.isError && isUnavailable(link.error)}
            onRefresh={() => (status && canConnect(status) ? void start({ method: "qr" }) : void link.refetch())}
          />
        ) : null}
      </div>
      <div id="link-panel-code" role="tabpanel" aria-labelledby="link-tab-code" hidden={tab !== "code"}>
        {tab === "code" ? (
          <PairingPanel
            code={link.data?.pairingCode ?? null}
            expiresAt={link.data?.expiresAt ?? null}
            busy={connect.isPending || disconnect.isPending}
            onRequest={(phone) => start({ method: "pairing_code", phone })}
          />
        ) : null}
      </div>
    </div>
  );
}
