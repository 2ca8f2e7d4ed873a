import { channel } from "node:diagnostics_channel";

/** A send's stages, for the fleet bench's probe (received, ledger, socket, relayed, published, deleted). */
export type SendStage = "received" | "ledger" | "socket" | "relayed" | "published" | "deleted";

const sends = channel("wharf:send");

/**
 * Marks a stage of one send on diagnostics channel "wharf:send". Costs one property read when
 * nothing listens (production); the bench probe listens to time where a send's wall time goes.
 */
export function traceSend(messageId: string | null | undefined, sessionId: string | undefined, stage: SendStage): void {
  if (messageId && sends.hasSubscribers) sends.publish({ messageId, sessionId, stage });
}
