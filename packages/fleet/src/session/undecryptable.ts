import { proto, type WAMessage } from "@whiskeysockets/baileys";
import type { MessageContent, MessageReceivedEvent } from "@wharf/contracts";
import { BoundedCounts } from "./bounded-counts";
import type { IsMe } from "./inbound-content";
import { receivedMessageData } from "./translate";

/** What a message the session could never decrypt is stored as (WhatsApp: "Waiting for this message"). */
export const UNDECRYPTABLE: MessageContent = { kind: "unsupported", waType: "ciphertext" };

const TRACKED_MAX = 1_000;

/**
 * Baileys reports every copy of a message it cannot decrypt as a CIPHERTEXT stub and asks the
 * sender again, `maxRetries` times; the copy after that is its last. That last failure becomes
 * a stored message (content `unsupported`/`ciphertext`) instead of nothing at all, so a message
 * WhatsApp could not hand over shows up with a reason rather than being lost without a trace.
 * Earlier failures are not reported: a resend usually decrypts.
 */
export class UndecryptableMessages {
  /** failed copies per WhatsApp message id */
  private readonly failures = new BoundedCounts(TRACKED_MAX);

  constructor(private readonly maxRetries: number) {}

  /** The message's data when this copy is the last failed one Baileys will take, else null. */
  lastFailure(msg: WAMessage, now: Date, isMe?: IsMe): MessageReceivedEvent["data"] | null {
    const id = msg.key?.id;
    if (!id || msg.messageStubType !== proto.WebMessageInfo.StubType.CIPHERTEXT || msg.message) return null;
    if (this.failures.bump(id) <= this.maxRetries) return null;
    this.failures.forget(id);
    return receivedMessageData(msg, now, isMe, UNDECRYPTABLE);
  }
}
