import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { AlertIcon, CheckIcon, CloseIcon } from "./icons";

export type ToastTone = "success" | "error" | "info";
interface Toast {
  id: number;
  tone: ToastTone;
  text: string;
}

interface Feedback {
  toast: (tone: ToastTone, text: string) => void;
  /** Screen-reader-only announcement (status changes that need no visible toast). */
  announce: (text: string) => void;
}

const FeedbackContext = createContext<Feedback | null>(null);

export function useFeedback(): Feedback {
  const ctx = useContext(FeedbackContext);
  if (!ctx) throw new Error("useFeedback outside FeedbackProvider");
  return ctx;
}

/** Toasts in polite (success/info) and assertive (error) live regions, plus a hidden announcer. */
export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const toast = useCallback(
    (tone: ToastTone, text: string) => {
      const id = nextId.current++;
      setToasts((t) => [...t.slice(-3), { id, tone, text }]);
      setTimeout(() => dismiss(id), tone === "error" ? 9000 : 5000);
    },
    [dismiss],
  );
  const announce = useCallback((text: string) => {
    // Clearing first makes a repeated identical message be read again.
    setAnnouncement("");
    setTimeout(() => setAnnouncement(text), 30);
  }, []);
  const value = useMemo(() => ({ toast, announce }), [toast, announce]);

  const render = (tone: "polite" | "assertive") =>
    toasts
      .filter((t) => (t.tone === "error") === (tone === "assertive"))
      .map((t) => (
        <div key={t.id} className={`toast toast--${t.tone}`}>
          <span className="toast__icon">{t.tone === "error" ? <AlertIcon /> : <CheckIcon />}</span>
          <span className="toast__text">{t.text}</span>
          <button
            type="button"
            className="icon-button icon-button--sm"
            aria-label="Dismiss notification"
            onClick={() => dismiss(t.id)}
          >
            <CloseIcon size={14} />
          </button>
        </div>
      ));

  return (
    <FeedbackContext.Provider value={value}>
      {children}
      <div className="toasts">
        <div role="status" aria-live="polite" className="toasts__region">
          {render("polite")}
        </div>
        <div role="alert" aria-live="assertive" className="toasts__region">
          {render("assertive")}
        </div>
      </div>
      <div className="sr-only" aria-live="polite" role="status" data-testid="announcer">
        {announcement}
      </div>
    </FeedbackContext.Provider>
  );
}
