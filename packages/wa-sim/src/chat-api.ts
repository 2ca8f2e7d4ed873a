import type { InboundMessageView } from "./api";
import { SimError } from "./errors";
import { simulatorMediaCaPem } from "./media/certificates";
import type { ReceivedMediaFile } from "./media/store";
import { sendContentFromContact, type ContactContent, type ContactSendOptions } from "./messaging/contact-kinds";
import {
  activityOf,
  sendContactChatstate,
  sendContactPresence,
  type AccountActivity,
  type ChatState,
} from "./messaging/presence";
import { ageMessage, withholdAcks } from "./messaging/refusals";
import type { SimContext } from "./server/context";

/**
 * Messages beyond text, both ways: contacts send every kind (media, location, contact cards,
 * reactions, replies, edits, revokes) and presence; tests read what the account's phone received
 * (decoded by kind on `received()`; verified media bytes here) and what its client signalled.
 */
export class ChatApi {
  constructor(private readonly ctx: SimContext) {}

  /** The media CA certificate (PEM) a process must trust to reach the media host (see @wharf/wa-sim/media-trust). */
  get mediaCaPem(): string {
    return simulatorMediaCaPem();
  }

  /** A contact sends any kind of message; media is encrypted, stored on the media host and referenced. */
  send(accountId: string, fromPn: string, content: ContactContent, options?: ContactSendOptions): InboundMessageView {
    const account = this.ctx.directory.getAccount(accountId);
    return { ...sendContentFromContact(this.ctx, account, fromPn, content, options) };
  }

  /** A contact shows typing (composing), recording a voice note, or paused. Needs the account online. */
  sendChatstate(accountId: string, fromPn: string, state: ChatState): void {
    sendContactChatstate(this.ctx, this.ctx.directory.getAccount(accountId), fromPn, state);
  }

  /** A contact comes online or goes offline. Needs the account online. */
  sendPresence(accountId: string, fromPn: string, type: "available" | "unavailable"): void {
    sendContactPresence(this.ctx, this.ctx.directory.getAccount(accountId), fromPn, type);
  }

  /** The decrypted, verified bytes of media the account sent (message id from `received()`). */
  receivedMedia(accountId: string, messageId: string): ReceivedMediaFile {
    this.ctx.directory.getAccount(accountId);
    const file = this.ctx.media.store.receivedFile(accountId, messageId);
    if (!file) throw new SimError("message_not_found", `no verified media for message ${messageId}`);
    return file;
  }

  /**
   * Moves a message's send time back by `seconds` (a message the account sent, or a contact's),
   * so edits and deletes for everyone meet WhatsApp's windows (15 min / 2 days) without waiting.
   */
  ageMessage(accountId: string, messageId: string, seconds: number): void {
    if (!ageMessage(this.ctx.directory.getAccount(accountId), messageId, seconds))
      throw new SimError("message_not_found", `no message ${messageId} of this account`);
  }

  /** The next `count` messages the account's client sends get no server ack and reach nobody (a lost stanza). */
  withholdAcks(accountId: string, count: number): void {
    withholdAcks(this.ctx.directory.getAccount(accountId), count);
  }

  /** Chat states, presence and presence subscriptions the account's client sent. */
  activity(accountId: string): AccountActivity {
    const activity = activityOf(this.ctx.directory.getAccount(accountId));
    return {
      chatstates: [...activity.chatstates],
      presence: [...activity.presence],
      subscriptions: [...activity.subscriptions],
    };
  }
}
