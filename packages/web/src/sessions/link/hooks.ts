import { useQuery } from "@tanstack/react-query";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { isUnavailable } from "../../api/http";
import { qk } from "../../api/query-keys";
import { useApi } from "../../auth/AuthProvider";
import { usePollingFallback } from "../../realtime/RealtimeProvider";

/**
 * Whole seconds until `expiresAt` (0 once passed), ticking every second; null without a deadline.
 * `now` should be a stable function (a new one restarts the ticking).
 */
export function useCountdown(expiresAt: string | null | undefined, now: () => number = Date.now): number | null {
  const deadline = expiresAt ? Date.parse(expiresAt) : NaN;
  const [left, setLeft] = useState(() => secondsUntil(deadline, now));
  useEffect(() => {
    setLeft(secondsUntil(deadline, now));
    if (Number.isNaN(deadline)) return;
    const t = setInterval(() => setLeft(secondsUntil(deadline, now)), 1000);
    return () => clearInterval(t);
  }, [deadline, now]);
  return left;
}

function secondsUntil(deadline: number, now: () => number): number | null {
  return Number.isNaN(deadline) ? null : Math.max(0, Math.ceil((deadline - now()) / 1000));
}

/** Renders the QR payload to a PNG data URL in the browser (qrcode package). */
export function useQrDataUrl(qr: string | null | undefined): { url: string | null; error: boolean } {
  const [state, setState] = useState<{ for: string | null; url: string | null; error: boolean }>({
    for: null,
    url: null,
    error: false,
  });
  useEffect(() => {
    if (!qr) return;
    let cancelled = false;
    QRCode.toDataURL(qr, {
      errorCorrectionLevel: "M",
      margin: 1,
      width: 288,
      color: { dark: "#0b1220", light: "#ffffff" },
    })
      .then((url) => !cancelled && setState({ for: qr, url, error: false }))
      .catch(() => !cancelled && setState({ for: qr, url: null, error: true }));
    return () => {
      cancelled = true;
    };
  }, [qr]);
  return state.for === qr && qr ? { url: state.url, error: state.error } : { url: null, error: false };
}

/**
 * The current QR / pairing code of a session: realtime `connection:qr` frames write this
 * cache entry; GET /v1/sessions/{id}/qr fills it on open and polls while frames are down.
 */
export function useLinkCredentials(sessionId: string, enabled: boolean) {
  const api = useApi();
  const refetchInterval = usePollingFallback(3000);
  return useQuery({
    queryKey: qk.link(sessionId),
    queryFn: () => api.sessions.linkCredentials(sessionId),
    enabled,
    refetchInterval: (q) => (q.state.error && isUnavailable(q.state.error) ? false : refetchInterval),
    retry: (count, err) => !isUnavailable(err) && count < 2,
  });
}

/** Client-side check mirroring the API's phone rules, so typos are caught before a round trip. */
export function phoneError(raw: string): string | null {
  const value = raw.trim();
  if (!value) return "Enter the phone number of the WhatsApp account.";
  if (!/^\+?[0-9 ()\-.]+$/.test(value)) return "Use digits only (spaces, dashes and a leading + are fine).";
  const digits = value.replace(/\D/g, "");
  if (digits.startsWith("0")) return "Start with the country code (no leading 0 or 00), e.g. 49 151 2345678.";
  if (digits.length < 7) return "That number is too short: include the country code.";
  if (digits.length > 15) return "That number is too long: at most 15 digits.";
  return null;
}

export function phoneDigits(raw: string): string {
  return raw.replace(/\D/g, "");
}

/** "ABCD1234" → "ABCD-1234" for reading; the phone accepts it either way. */
export function formatPairingCode(code: string): string {
  const c = code.replace(/[^0-9A-Za-z]/g, "").toUpperCase();
  return c.length === 8 ? `${c.slice(0, 4)}-${c.slice(4)}` : c;
}
