import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { describeError } from "../api/http";
import { useApi } from "../auth/AuthProvider";
import { useLinkCredentials } from "../sessions/link/hooks";
import { useSessions } from "../sessions/queries";
import { isLinking } from "../sessions/status-rules";
import { formatPhone } from "../ui/format";
import { CloseIcon, SmartphoneSparkIcon } from "../ui/icons";
import { useFeedback } from "../ui/Toasts";
import { useDemo } from "./queries";

/**
 * Sim mode only: a virtual phone of the local WhatsApp simulator, so the whole product can be
 * tried on one machine — scan the QR the dashboard shows, type a pairing code, or have a
 * contact write to the linked number.
 */
export function VirtualPhoneToggle({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  const { demo } = useDemo();
  if (!demo) return null;
  return (
    <button
      type="button"
      className="demo-toggle"
      onClick={onToggle}
      aria-expanded={open}
      aria-controls={open ? "virtual-phone" : undefined}
    >
      <SmartphoneSparkIcon size={18} />
      <span className="demo-toggle__label">Virtual phone</span>
      <span className="pill pill--brand">Demo</span>
    </button>
  );
}

/** Docked beside the page (a grid column of the shell), so the row or chat it acts on stays in view. */
export function VirtualPhonePanel({ onClose }: { onClose: () => void }) {
  const { demo } = useDemo();
  if (!demo) return null;
  return <Panel onClose={onClose} />;
}

function Panel({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const { toast } = useFeedback();
  const { demo, refresh } = useDemo();
  const sessions = useSessions().data ?? [];
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const phones = demo?.phones ?? [];
  const [phoneId, setPhoneId] = useState<string | null>(null);
  const phone = phones.find((p) => p.id === phoneId) ?? phones[0] ?? null;
  const linkable = sessions.filter((s) => isLinking(s.status));
  const [sessionId, setSessionId] = useState<string | null>(null);
  const target = linkable.find((s) => s.id === sessionId) ?? linkable[0] ?? null;
  const creds = useLinkCredentials(target?.id ?? "none", target !== null);
  const [contact, setContact] = useState("15550001234");
  const [text, setText] = useState("Hi! Is my order on its way?");

  useEffect(() => heading.current?.focus(), []);

  const act = useMutation({
    mutationFn: async (fn: () => Promise<unknown>) => fn(),
    onSuccess: () => refresh(),
    onError: (err) => toast("error", describeError(err)),
  });
  const run = (fn: () => Promise<unknown>, done: string) => act.mutate(fn, { onSuccess: () => toast("success", done) });

  const qr = target ? creds.data?.qr : null;
  const code = target ? creds.data?.pairingCode : null;

  return (
    <aside
      id="virtual-phone"
      className="demo-panel"
      aria-labelledby={headingId}
      onKeyDown={(e) => {
        if (e.key === "Escape") onClose();
      }}
    >
      <header className="demo-panel__head">
        <h2 id={headingId} ref={heading} tabIndex={-1}>
          Virtual phone
        </h2>
        <span className="pill pill--brand">Simulator</span>
        <button type="button" className="icon-button" aria-label="Close virtual phone" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>

      <div className="demo-panel__body">
        {phone ? (
          <div className="demo-phone">
            <div className="demo-phone__screen">
              <div className="demo-phone__number">{formatPhone(phone.phone)}</div>
              <div className="demo-phone__state">
                {phone.linked ? "Linked" : "Not linked"} · {phone.online ? "online" : "offline"}
              </div>
            </div>
            {phones.length > 1 ? (
              <label className="field">
                <span className="field__label">Phone</span>
                <select className="select" value={phone.id} onChange={(e) => setPhoneId(e.target.value)}>
                  {phones.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name} · {formatPhone(p.phone)}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
          </div>
        ) : (
          <p className="muted">No virtual phone yet.</p>
        )}
        <button
          type="button"
          className="button button--ghost button--sm"
          onClick={() => run(() => api.demo.addPhone(), "Virtual phone added.")}
        >
          {phones.length > 0 ? "Add another virtual phone" : "Add a virtual phone"}
        </button>

        {phone ? (
          <>
            <section className="demo-section" aria-label="Link a session">
              <h3>Link</h3>
              {linkable.length === 0 ? (
                <p className="muted">Open a session's Connect dialog: its QR code or pairing code shows up here.</p>
              ) : (
                <>
                  {linkable.length > 1 ? (
                    <label className="field">
                      <span className="field__label">Session</span>
                      <select className="select" value={target?.id} onChange={(e) => setSessionId(e.target.value)}>
                        {linkable.map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.name}
                          </option>
                        ))}
                      </select>
                    </label>
                  ) : (
                    <p className="muted">Session: {target?.name}</p>
                  )}
                  <div className="demo-actions">
                    <button
                      type="button"
                      className="button button--primary button--sm"
                      disabled={!qr || act.isPending}
                      onClick={() => run(() => api.demo.scanQr(phone.id, qr!), "QR code scanned.")}
                    >
                      Scan QR code
                    </button>
                    <button
                      type="button"
                      className="button button--secondary button--sm"
                      disabled={!code || act.isPending}
                      onClick={() => run(() => api.demo.enterPairingCode(phone.id, code!), "Pairing code entered.")}
                    >
                      Type pairing code
                    </button>
                  </div>
                </>
              )}
            </section>

            <section className="demo-section" aria-label="Contact sends a message">
              <h3>A contact writes</h3>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!contact.trim() || !text.trim()) return;
                  run(
                    () => api.demo.contactSends(phone.id, contact.replace(/\D/g, ""), text.trim()),
                    "Message sent by the contact.",
                  );
                }}
              >
                <label className="field">
                  <span className="field__label">From</span>
                  <input
                    className="input input--mono"
                    inputMode="tel"
                    value={contact}
                    onChange={(e) => setContact(e.target.value)}
                  />
                </label>
                <label className="field">
                  <span className="field__label">Text</span>
                  <textarea
                    className="input textarea"
                    rows={2}
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                  />
                </label>
                <button
                  type="submit"
                  className="button button--secondary button--sm"
                  disabled={!phone.linked || act.isPending}
                >
                  Send to {formatPhone(phone.phone)}
                </button>
                {!phone.linked ? <p className="field__hint demo-hint">Link this phone to a session first.</p> : null}
              </form>
            </section>

            <section className="demo-section" aria-label="Receipts">
              <h3>Receipts</h3>
              <p className="muted">Contacts confirm messages the session sent.</p>
              <div className="demo-actions">
                <button
                  type="button"
                  className="button button--ghost button--sm"
                  disabled={act.isPending}
                  onClick={() => run(() => api.demo.receipts(phone.id, "delivered"), "Marked delivered.")}
                >
                  Mark delivered
                </button>
                <button
                  type="button"
                  className="button button--ghost button--sm"
                  disabled={act.isPending}
                  onClick={() => run(() => api.demo.receipts(phone.id, "read"), "Marked read.")}
                >
                  Mark read
                </button>
              </div>
            </section>
          </>
        ) : null}
      </div>
    </aside>
  );
}
