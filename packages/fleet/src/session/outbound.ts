import type { proto, WAMessageKey, WASocket } from "@whiskeysockets/baileys";
import type { MessageFailure, PacingSettings, SendTextCommand } from "@wharf/contracts";
import {
  createPacingState,
  normalizeRecipient,
  pacingError,
  tryTake,
  withPacingSettings,
  type PacingState,
} from "@wharf/core";
import type { FleetEventInput } from "./message-events";
import { messageIdFromWa, waMessageIdFor } from "./wa-message-id";

const RECENT_MESSAGES = 64;
const TYPING_MS_PER_CHAR = 40;
const TYPING_MAX_MS = 4_000;
/** how long a send waits for a session that is logging in (a new owner after failover) */
const OPEN_WAIT_MS = 30_000;
const OPEN_POLL_MS = 250;

export interface OutboundContext {
  socket(): WASocket | null;
  isOpen(): boolean;
  /** the session is on its way (back) to open: connecting or reconnecting on this owner */
  opening?: (() => boolean) | undefined;
  now(): Date;
  emit(event: FleetEventInput): void;
  onMessage(now: Date): void;
  /** resolves after `ms`, or early (false) once the session stops */
  sleep(ms: number): Promise<boolean>;
  /** a message went out `latencyMs` after the API accepted it (the worker's SendLatency) */
  sent?: ((latencyMs: number) => void) | undefined;
  /** a message this session sent, rebuilt from the message store (when there is one) */
  sentMessage?: ((messageId: string) => Promise<proto.IMessage | undefined>) | undefined;
}

/**
 * Sending for one session: pacing (token bucket + daily cap, DESIGN §4) decided here, since
 * only the owner sends; the outcome is always an event (sent, or failed with a reason).
 * The last few sent messages are kept for Baileys' getMessage (retry receipts).
 */
export class OutboundSender {
  private pacing: PacingState;
  private readonly recent = new Map<string, proto.IMessage>();
  /** the end of the current wait for the session to open (shared by the sends waiting) */
  private openWaitUntil: number | null = null;

  constructor(
    private readonly ctx: OutboundContext,
    private settings: PacingSettings,
  ) {
    this.pacing = createPacingState(settings, ctx.now());
  }

  updateSettings(settings: PacingSettings): void {
    this.settings = settings;
    this.pacing = withPacingSettings(this.pacing, settings);
  }

  async sendText(cmd: SendTextCommand): Promise<void> {
    const { messageId, to, text } = cmd.data;
    const { requestId } = cmd;
    const waMessageId = waMessageIdFor(messageId);
    const fail = (failure: MessageFailure) =>
      this.ctx.emit({
        type: "message.status",
        data: { messageId, waMessageId: null, status: "failed", failure },
        requestId,
      });

    await this.untilOpen();
    const sock = this.ctx.socket();
    if (!sock || !this.ctx.isOpen())
      return fail({ code: "session_not_open", message: "the session is not connected to WhatsApp" });
    let jid: string;
    try {
      jid = normalizeRecipient(to).jid;
    } catch (err) {
      return fail({ code: "invalid_recipient", message: (err as Error).message });
    }
    const take = tryTake(this.pacing, this.ctx.now());
    this.pacing = take.state;
    if (!take.allowed) {
      const code = take.reason === "daily_cap" ? "daily_cap" : "rate_limited";
      return fail({ code, message: pacingError(take).message, retryAfterSeconds: take.retryAfterSeconds });
    }

    if (this.settings.typingSimulation) {
      await sock.sendPresenceUpdate("composing", jid).catch(() => undefined);
      const goOn = await this.ctx.sleep(Math.min(TYPING_MAX_MS, text.length * TYPING_MS_PER_CHAR));
      if (!goOn) return fail({ code: "session_not_open", message: "the session stopped before the message was sent" });
      await sock.sendPresenceUpdate("paused", jid).catch(() => undefined);
    }
    try {
      const sent = await sock.sendMessage(jid, { text }, { messageId: waMessageId });
      if (sent?.message) this.remember(waMessageId, sent.message);
    } catch (err) {
      return fail({ code: "send_failed", message: `WhatsApp did not take the message: ${(err as Error).message}` });
    }
    const sentAt = this.ctx.now();
    this.ctx.onMessage(sentAt);
    // the command's time is when the API accepted the send: both times are at hand here
    this.ctx.sent?.(sentAt.getTime() - Date.parse(cmd.at));
    this.ctx.emit({ type: "message.status", data: { messageId, waMessageId, status: "sent" }, requestId });
  }

  /**
   * Waits (bounded) while the session logs in, so a send taken over from a dead owner goes out.
   * Sends queued behind one another share one wait: a session that stays down fails them all
   * after OPEN_WAIT_MS, not after OPEN_WAIT_MS each.
   */
  private async untilOpen(): Promise<void> {
    if (this.ctx.isOpen()) {
      this.openWaitUntil = null;
      return;
    }
    const now = this.ctx.now().getTime();
    if (this.openWaitUntil === null || now > this.openWaitUntil + OPEN_WAIT_MS) this.openWaitUntil = now + OPEN_WAIT_MS;
    const until = this.openWaitUntil;
    while (!this.ctx.isOpen() && this.ctx.opening?.() && this.ctx.now().getTime() < until) {
      if (!(await this.ctx.sleep(OPEN_POLL_MS))) return;
    }
    if (this.ctx.isOpen()) this.openWaitUntil = null;
  }

  /** Baileys re-sends a message a recipient could not decrypt: memory first, then the store. */
  async getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined> {
    const recent = key.id ? this.recent.get(key.id) : undefined;
    if (recent) return recent;
    const messageId = messageIdFromWa(key.id);
    return messageId && this.ctx.sentMessage ? this.ctx.sentMessage(messageId) : undefined;
  }

  private remember(id: string, message: proto.IMessage): void {
    this.recent.set(id, message);
    if (this.recent.size > RECENT_MESSAGES) this.recent.delete(this.recent.keys().next().value as string);
  }
}
