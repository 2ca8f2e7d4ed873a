import type { MessageStatus } from "../api/types";
import { AlertIcon, CheckIcon, ClockIcon, DoubleCheckIcon } from "../ui/icons";

const LABEL: Record<MessageStatus, string> = {
  queued: "Queued",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Failed",
  received: "Received",
};

/**
 * WhatsApp-style delivery ticks with a text label for assistive tech. Outbound messages move
 * queued → sent → delivered → read (or failed); inbound ones are `received` and draw nothing.
 */
export function Ticks({ status, reason }: { status: MessageStatus; reason?: string | null }) {
  if (status === "received") return null;
  const label = status === "failed" && reason ? `Failed: ${reason}` : LABEL[status];
  return (
    <span className={`ticks ticks--${status}`} role="img" aria-label={label} title={label} data-status={status}>
      {status === "queued" ? <ClockIcon size={14} /> : null}
      {status === "sent" ? <CheckIcon size={15} /> : null}
      {status === "delivered" || status === "read" ? <DoubleCheckIcon size={16} /> : null}
      {status === "failed" ? <AlertIcon size={14} /> : null}
    </span>
  );
}
