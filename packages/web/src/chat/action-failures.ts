import type { MessageActionFailure } from "../api/types";
import { useRealtimeFrames } from "../realtime/RealtimeProvider";
import type { Frame } from "../realtime/frames";
import { formatPhone, jidUser } from "../ui/format";
import { useFeedback } from "../ui/Toasts";

const WHAT: Record<MessageActionFailure["action"], string> = {
  edit: "Edit",
  delete: "Delete for everyone",
  reaction: "Reaction",
  read: "Read receipt",
  presence: "Typing indicator",
};

/** What did not happen, and in which chat. */
export function actionFailureTitle(d: MessageActionFailure): string {
  return `${WHAT[d.action]} in the chat with ${formatPhone(jidUser(d.chatJid))} failed`;
}

/** The toast for a `message:action_failed` frame: the title and why (the reason without its "the edit not done:"). */
export function actionFailureText(d: MessageActionFailure): string {
  const reason = d.reason.includes(": ") ? d.reason.slice(d.reason.indexOf(": ") + 2) : d.reason;
  return `${actionFailureTitle(d)}: ${reason}`;
}

/** The toast text a frame asks for, or null for frames that are no action failure. */
export function actionFailureToast(frame: Frame): string | null {
  return frame.type === "message:action_failed" ? actionFailureText(frame.data) : null;
}

/**
 * Edits, deletes, reactions, read receipts and presence are answered "accepted" before WhatsApp
 * decides: when the owner reports one did not happen, the user sees a toast with the reason.
 */
export function useActionFailureToasts(): void {
  const { toast } = useFeedback();
  useRealtimeFrames((frame) => {
    const text = actionFailureToast(frame);
    if (text) toast("error", text);
  });
}
