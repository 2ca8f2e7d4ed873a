import type { BinaryNode, WASocket } from "@whiskeysockets/baileys";
import type { MessageFailure } from "@wharf/contracts";
import { BoundedCounts } from "./bounded-counts";
import type { FleetEventInput } from "./message-events";
import { SOCKET_BASELINE } from "./socket-factory";
import { messageIdFromWa } from "./wa-message-id";

/**
 * Retry receipts a recipient's phone may send for one message before Baileys stops answering:
 * Baileys counts each one twice (when the receipt arrives and again before resending) against
 * maxMsgRetryCount, so with 5 it resends for the first two and ignores the third.
 */
export const RETRY_RECEIPTS_ANSWERED = Math.ceil(SOCKET_BASELINE.maxMsgRetryCount / 2) - 1;

export const RECIPIENT_DECRYPT_FAILED: MessageFailure = {
  code: "recipient_decrypt_failed",
  message:
    "the recipient's phone could not decrypt the message, even after it was sent again with a new session; it will not arrive",
};

const REMEMBERED = 1_024;

/**
 * Watches the retry receipts for messages this session sent. One past the resends Baileys
 * makes means the recipient will never read the message: it ends failed with a reason instead
 * of staying `sent` for ever. Returns the function that removes the listener.
 */
export function watchRetryReceipts(sock: WASocket, emit: (e: FleetEventInput) => void): () => void {
  const seen = new BoundedCounts(REMEMBERED);
  const onReceipt = (node: BinaryNode) => {
    if (node.attrs.type !== "retry" || !node.attrs.id) return;
    const waMessageId = node.attrs.id;
    const messageId = messageIdFromWa(waMessageId);
    if (!messageId) return;
    const key = `${waMessageId}|${node.attrs.participant ?? node.attrs.from ?? ""}`;
    if (seen.bump(key) !== RETRY_RECEIPTS_ANSWERED + 1) return;
    emit({
      type: "message.status",
      data: { messageId, waMessageId, status: "failed", failure: RECIPIENT_DECRYPT_FAILED },
    });
  };
  sock.ws.on("CB:receipt", onReceipt);
  return () => sock.ws.off("CB:receipt", onReceipt);
}
