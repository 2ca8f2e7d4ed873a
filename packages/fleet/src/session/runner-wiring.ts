import {
  areJidsSameUser,
  type ConnectionState,
  type WAMessageKey,
  jidDecode,
  type proto,
} from "@whiskeysockets/baileys";
import type { MessageContent, PacingSettings, SessionOperationCommand } from "@wharf/contracts";
import type { WAMessage, WASocket } from "@whiskeysockets/baileys";
import type { WorkerMedia } from "../media/worker-media";
import { isMediaMessageContent, storeInboundMedia } from "../media/inbound-media";
import type { ActionAcks } from "./action-acks";
import type { DiscardedCreds } from "./baileys-auth";
import { OutboundSender } from "./outbound";
import { runSessionOperation } from "./operations/registry";
import type { SessionReport } from "./session-report";
import type { SessionRunnerDeps } from "./session-runner-types";
import { type SocketAttempt, SocketSlot } from "./socket-attempt";
import type { TimerBag } from "./timers";

/** What the runner lends the parts it wires: its report, timers, clock and state. */
export interface RunnerHooks {
  deps: SessionRunnerDeps;
  report: SessionReport;
  timers: TimerBag;
  now(): Date;
  /** true while the runner is running (not ending or ended) */
  running(): boolean;
  /** the server's acks for the edits, deletes and reactions the sender waits on */
  acks: ActionAcks;
}

/** The runner's socket slot: sockets report connection updates back through `onConnection`. */
export function createRunnerSlot(
  r: RunnerHooks,
  slot: () => SocketSlot,
  getMessage: (key: WAMessageKey) => Promise<proto.IMessage | undefined>,
  onConnection: (update: Partial<ConnectionState>, from: SocketAttempt) => void,
  onCredsDiscarded: (discarded: DiscardedCreds) => Promise<void>,
): SocketSlot {
  const media = r.deps.media;
  return new SocketSlot({
    makeSocket: r.deps.makeSocket,
    authStore: r.deps.authStore,
    logger: r.deps.logger,
    nowMs: () => r.now().getTime(),
    getMessage,
    onConnection,
    onCredsDiscarded,
    messages: {
      emit: (build) => r.report.emit(build(r.now())),
      onMessage: (t) => r.report.health.message(t),
      now: () => r.now(),
      isMe: (jid) => {
        const me = slot().auth?.state.creds.me;
        return !!me && (areJidsSameUser(jid, me.id) || (!!me.lid && areJidsSameUser(jid, me.lid)));
      },
      acks: r.acks,
      ...(media ? { storeMedia: inboundStore(r, media) } : {}),
    },
  });
}

/** Stores a contact's file under the session's prefix before the message is reported. */
function inboundStore(r: RunnerHooks, media: WorkerMedia) {
  const { tenantId, sessionId, logger } = r.deps;
  return async (msg: WAMessage, content: MessageContent, sock: WASocket): Promise<MessageContent> => {
    if (!isMediaMessageContent(content)) return content;
    const chatJid = msg.key.remoteJid ?? "";
    const senderJid = msg.key.participant || chatJid;
    return storeInboundMedia(media, { tenantId, sessionId, chatJid, senderJid }, msg, content, sock, logger);
  };
}

/** The runner's sender: it sends only while the session is open and the runner running. */
export function createRunnerOutbound(r: RunnerHooks, slot: SocketSlot, pacing: PacingSettings): OutboundSender {
  const { counters } = r.deps;
  return new OutboundSender(
    {
      socket: () => slot.attempt?.socket ?? null,
      isOpen: () => r.report.status === "open" && r.running(),
      opening: () => r.running() && (r.report.status === "connecting" || r.report.status === "reconnecting"),
      now: () => r.now(),
      emit: (e) => r.report.emit(e),
      onMessage: (t) => r.report.health.message(t),
      sleep: (ms) => r.timers.sleep(ms, () => r.running()),
      sendHoldMs: r.deps.sendHoldMs,
      sentMessage: r.deps.sentMessage,
      sent: counters ? (ms) => counters.sent(ms) : undefined,
      media: r.deps.media,
      acks: r.acks,
      actionAckTimeoutMs: r.deps.actionAckTimeoutMs,
    },
    pacing,
  );
}

/** One session operation on the runner's socket, while the session is open and the runner running. */
export function runOperation(r: RunnerHooks, slot: SocketSlot, cmd: SessionOperationCommand): Promise<void> {
  return runSessionOperation(
    {
      socket: () => slot.attempt?.socket ?? null,
      isOpen: () => r.report.status === "open" && r.running(),
      emit: (e) => r.report.emit(e),
      logger: r.deps.logger,
    },
    cmd,
  );
}

/** What a session that stopped on an error nobody expected tells its user. */
export function unexpectedErrorMessage(err: unknown): string {
  return `The session stopped after an unexpected error: ${(err as Error)?.message ?? String(err)}`;
}

/**
 * The linked account as Baileys knows it once open: the phone from `creds.me.id`, the push name
 * from `creds.me.name` (WhatsApp may not have sent one); each falls back to what was known.
 */
export function linkedAccount(
  me: { id?: string; name?: string } | undefined,
  known: { phone: string | null; accountName: string | null },
): { phone: string | null; accountName: string | null } {
  return {
    phone: (me?.id && jidDecode(me.id)?.user) || known.phone,
    accountName: me?.name?.slice(0, 256) || known.accountName,
  };
}
