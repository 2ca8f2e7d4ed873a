import { useEffect, useState } from "react";
import { operationError, settle } from "../api/operations";
import { useApi } from "../auth/AuthProvider";
import { phoneDigits, phoneError } from "../sessions/link/hooks";

export type NumberCheck =
  | { state: "idle" }
  | { state: "checking" }
  | { state: "waiting" }
  | { state: "done"; onWhatsApp: boolean }
  | { state: "error"; message: string };

export const CHECK_DEBOUNCE_MS = 400;

/**
 * Asks WhatsApp whether a typed number has an account, once typing pauses and the number looks
 * valid; an answer for a number no longer in the field is dropped.
 */
export function useNumberCheck(sessionId: string, raw: string): NumberCheck {
  const api = useApi();
  const [check, setCheck] = useState<NumberCheck>({ state: "idle" });
  const digits = phoneError(raw) ? null : phoneDigits(raw);
  useEffect(() => {
    setCheck({ state: "idle" });
    if (!digits) return;
    let current = true;
    const timer = setTimeout(() => {
      setCheck({ state: "checking" });
      settle(api, sessionId, api.contacts.check(sessionId, [digits]), {
        onWaiting: () => current && setCheck({ state: "waiting" }),
      }).then(
        (answer) => current && setCheck({ state: "done", onWhatsApp: answer.results[0]?.onWhatsApp === true }),
        (err: unknown) => current && setCheck({ state: "error", message: operationError(err) }),
      );
    }, CHECK_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, sessionId, digits]);
  return check;
}
