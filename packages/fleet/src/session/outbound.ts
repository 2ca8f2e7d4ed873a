import type { proto, WAMessageKey, WASocket } from "@whiskeysockets/baileys";
import type {
  DeleteMessageCommand,
  EditMessageCommand,
  MarkReadCommand,
  MessageActionFailureCode,
  MessageChange,
  MessageFailure,
  PacingSettings,
  SendMessageCommand,
  SendPresenceCommand,
  SendTextCommand,
} from "@wharf/contracts";
import {
  createPacingState,
  normalizeRecipient,
  pacingError,
  tryTake,
  withPacingSettings,
  type PacingState,
} from "@wharf/core";
import { buildOutbound } from "../media/outbound-content";
import { MediaSourceError, type OutboundMediaDeps } from "../media/outbound-media";
import type { ActionAcks } from "./action-acks";
import type { FleetEventInput } from "./message-events";
import {
  ACTION_ACK_TIMEOUT_MS,
  type ActionContext,
  ackFailure,
  actionFailed,
  ownReaction,
  reactionFailureCode,
  reactionTarget,
  sendChange,
  sendSignal,
} from "./outbound-actions";
import { pastHold, SEND_TIMEOUT } from "./hold-rule";
import { traceSend } from "./send-trace";
import { SentMessages } from "./sent-messages";
import { waMessageIdFor } from "./wa-message-id";

const TYPING_MS_PER_CHAR = 40;
const TYPING_MAX_MS = 4_000;
/** "recording audio…" before a voice note: a moment, not the note's length */
const RECORDING_MS = 2_000;
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
  /** a send not on its way this long after the API accepted it fails `send_timeout`, never goes late */
  sendHoldMs?: number | undefined;
  /** a message went out `latencyMs` after the API accepted it (the worker's SendLatency) */
  sent?: ((latencyMs: number) => void) | undefined;
  /** a message this session sent, rebuilt from the message store (when there is one) */
  sentMessage?: ((messageId: string) => Promise<proto.IMessage | undefined>) | undefined;
  /** the media bucket and the guarded URL fetch; absent: media sends fail with a reason */
  media?: OutboundMediaDeps | undefined;
  /** the server's acks for edits, deletes and reactions; absent: they are not waited for */
  acks?: ActionAcks | undefined;
  /** how long an edit, delete or reaction waits for its ack (WHARF_ACTION_ACK_TIMEOUT_MS) */
  actionAckTimeoutMs?: number | undefined;
}

type Sendable = Parameters<WASocket["sendMessage"]>[1];
type SendOptions = Parameters<WASocket["sendMessage"]>[2];

/** One outgoing message, whatever verb it came from. */
interface Outgoing {
  messageId: string;
  requestId: string | undefined;
  /** when the API accepted it (SendLatency) */
  at: string;
  to: string;
  /** the typing simulation's presence and how long it shows */
  typing: { state: "composing" | "recording"; ms: number } | null;
  build: () => Promise<{ content: Sendable; options?: SendOptions; release?: () => void }>;
  /** a reaction: the change it makes to its target, once WhatsApp took it */
  reaction?: ((at: Date) => MessageChange) | undefined;
}

function typingFor(length: number): { state: "composing"; ms: number } {
  return { state: "composing", ms: Math.min(TYPING_MAX_MS, length * TYPING_MS_PER_CHAR) };
}

/**
 * Sending for one session: pacing (token bucket + daily cap, DESIGN §4) decided here, since
 * only the owner sends; the outcome is always an event (sent, or failed with a reason).
 */
export class OutboundSender {
  private pacing: PacingState;
  /** for Baileys' getMessage (retry receipts) */
  private readonly sentMessages: SentMessages;
  /** the end of the current wait for the session to open (shared by the sends waiting) */
  private openWaitUntil: number | null = null;

  constructor(
    private readonly ctx: OutboundContext,
    private settings: PacingSettings,
  ) {
    this.pacing = createPacingState(settings, ctx.now());
    this.sentMessages = new SentMessages(ctx.sentMessage);
  }

  updateSettings(settings: PacingSettings): void {
    this.settings = settings;
    this.pacing = withPacingSettings(this.pacing, settings);
  }

  sendText(cmd: SendTextCommand): Promise<void> {
    const { messageId, to, text } = cmd.data;
    return this.deliver({
      messageId,
      requestId: cmd.requestId,
      at: cmd.at,
      to,
      typing: typingFor(text.length),
      build: async () => ({ content: { text } }),
    });
  }

  /** Any kind (DESIGN §11): media is opened (bucket or guarded URL) only once pacing let it go. */
  send(cmd: SendMessageCommand): Promise<void> {
    const { messageId, to, content } = cmd.data;
    const voiceNote = content.type === "audio" && content.voiceNote;
    const typing =
      content.type === "text"
        ? typingFor(content.text.length)
        : voiceNote
          ? { state: "recording" as const, ms: RECORDING_MS }
          : null;
    return this.deliver({
      messageId,
      requestId: cmd.requestId,
      at: cmd.at,
      to,
      typing,
      reaction: content.type === "reaction" ? ownReaction(content.target, content.emoji) : undefined,
      build: () => buildOutbound(this.ctx.media, content),
    });
  }

  /** A new text for a text this account sent: judged by the server's ack (outbound-actions.ts). */
  edit(cmd: EditMessageCommand): Promise<void> {
    return sendChange(this.actionContext(), cmd);
  }

  /** Delete for everyone (revoke), judged like an edit. */
  delete(cmd: DeleteMessageCommand): Promise<void> {
    return sendChange(this.actionContext(), cmd);
  }

  markRead(cmd: MarkReadCommand): Promise<void> {
    return sendSignal(this.actionContext(), cmd);
  }

  presence(cmd: SendPresenceCommand): Promise<void> {
    return sendSignal(this.actionContext(), cmd);
  }

  private actionContext(): ActionContext {
    return { ...this.ctx, untilOpen: () => this.untilOpen(), ackTimeoutMs: this.ctx.actionAckTimeoutMs };
  }

  /** Open, recipient, pacing, typing, send: the outcome is always an event (sent, or failed with a reason). */
  private async deliver(out: Outgoing): Promise<void> {
    const { messageId, requestId } = out;
    const waMessageId = waMessageIdFor(messageId);
    const fail = (failure: MessageFailure, action?: { code: MessageActionFailureCode; detail?: string }) => {
      this.ctx.emit({
        type: "message.status",
        data: { messageId, waMessageId: null, status: "failed", failure },
        requestId,
      });
      // a reaction shows on its target, not as a message: its failure is the target's action failure
      if (out.reaction) {
        const a = action ?? { code: reactionFailureCode(failure.code), detail: failure.message };
        this.ctx.emit(actionFailed(reactionTarget(out.reaction(this.ctx.now())), a.code, requestId, a.detail));
      }
    };

    await this.untilOpen();
    const sock = this.ctx.socket();
    if (!sock || !this.ctx.isOpen())
      return fail({ code: "session_not_open", message: "the session is not connected to WhatsApp" });
    let jid: string;
    try {
      jid = normalizeRecipient(out.to).jid;
    } catch (err) {
      return fail({ code: "invalid_recipient", message: (err as Error).message });
    }
    if (this.pastHold(out.at)) return fail(SEND_TIMEOUT);
    const take = tryTake(this.pacing, this.ctx.now());
    this.pacing = take.state;
    if (!take.allowed) {
      const code = take.reason === "daily_cap" ? "daily_cap" : "rate_limited";
      return fail({ code, message: pacingError(take).message, retryAfterSeconds: take.retryAfterSeconds });
    }
    let built: Awaited<ReturnType<Outgoing["build"]>>;
    try {
      built = await out.build();
    } catch (err) {
      if (err instanceof MediaSourceError) return fail(err.failure);
      return fail({ code: "media_unavailable", message: `the file could not be read: ${(err as Error).message}` });
    }

    let ack: ReturnType<ActionAcks["expect"]> | undefined;
    try {
      if (this.settings.typingSimulation && out.typing) {
        await sock.sendPresenceUpdate(out.typing.state, jid).catch(() => undefined);
        const goOn = await this.ctx.sleep(out.typing.ms);
        if (!goOn)
          return fail({ code: "session_not_open", message: "the session stopped before the message was sent" });
        await sock.sendPresenceUpdate("paused", jid).catch(() => undefined);
      }
      // the typing simulation may have taken it past the hold
      if (this.pastHold(out.at)) return fail(SEND_TIMEOUT);
      // a reaction waits for the server's verdict: one it refused must not show as sent
      ack = out.reaction
        ? this.ctx.acks?.expect(waMessageId, this.ctx.actionAckTimeoutMs ?? ACTION_ACK_TIMEOUT_MS)
        : undefined;
      traceSend(messageId, undefined, "socket");
      const sent = await sock.sendMessage(jid, built.content, { ...built.options, messageId: waMessageId });
      traceSend(messageId, undefined, "relayed");
      if (sent?.message) this.sentMessages.remember(waMessageId, sent.message);
    } catch (err) {
      ack?.cancel();
      // the file is streamed while Baileys encrypts it: an oversize or broken file fails here
      if (err instanceof MediaSourceError) return fail(err.failure);
      return fail({ code: "send_failed", message: `WhatsApp did not take the message: ${(err as Error).message}` });
    } finally {
      built.release?.();
    }
    const verdict = await ack?.settled;
    if (verdict && !verdict.ok) {
      const action = ackFailure(verdict, "reaction", this.ctx.isOpen());
      return fail({ code: "send_failed", message: "WhatsApp did not take the reaction" }, action);
    }
    const sentAt = this.ctx.now();
    this.ctx.onMessage(sentAt);
    // the command's time is when the API accepted the send: both times are at hand here
    this.ctx.sent?.(sentAt.getTime() - Date.parse(out.at));
    this.ctx.emit({ type: "message.status", data: { messageId, waMessageId, status: "sent" }, requestId });
    if (out.reaction && verdict) this.ctx.emit({ type: "message.updated", data: out.reaction(sentAt), requestId });
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

  private pastHold(at: string): boolean {
    return this.ctx.sendHoldMs !== undefined && pastHold(at, this.ctx.sendHoldMs, this.ctx.now());
  }

  /** Baileys re-sends a message a recipient could not decrypt: memory first, then the store. */
  getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined> {
    return this.sentMessages.get(key);
  }
}
