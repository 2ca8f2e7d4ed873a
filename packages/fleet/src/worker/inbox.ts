import { FleetCommand } from "@wharf/contracts";
import { decodeQueueBody, INBOX_WAKE_GROUP, inboxVisibilitySeconds, type ReceivedMessage } from "@wharf/core";
import { handleCommand, type CommandDeps } from "./commands";
import { pause } from "./pause";
import { settleFailedMessage } from "./poison";
import { traceSend } from "../session/send-trace";
import type { WorkerParts, WorkerRun } from "./worker-parts";

const INBOX_CONCURRENCY = 100;
const ERROR_PAUSE_MS = 1_000;

/**
 * The worker's Inbox.fifo: commands for the sessions it owns. Commands run in the
 * background, in order per session: FIFO holds back a session's next message until this one
 * is deleted, and within one batch each session's messages chain.
 */
export class Inbox {
  private current: string | null = null;
  private readonly commands = new Set<Promise<void>>();
  private readonly sessionTails = new Map<string, Promise<void>>();
  /**
   * Short, and extended while a command waits or runs: a crashed worker's commands come back
   * before a peer reaps it, so the peer moves them on instead of losing them with the inbox.
   */
  private readonly visibilitySeconds: number;

  constructor(
    private readonly w: WorkerParts,
    private readonly run: WorkerRun,
    private readonly commandDeps: () => CommandDeps,
  ) {
    this.visibilitySeconds = inboxVisibilitySeconds(w.settings.workerTtlMs);
  }

  /** the inbox URL once opened */
  get url(): string | null {
    return this.current;
  }

  /** Creates the inbox queue (again, after being reaped: the reaper deleted it). */
  async open(): Promise<string> {
    this.current = await this.w.inboxes.create(this.w.id);
    return this.current;
  }

  async loop(): Promise<void> {
    while (!this.run.workingStopped) {
      try {
        await this.poll(this.w.settings.inboxWaitSeconds, this.run.pollSignal, { wait: false });
      } catch (err) {
        this.w.logger.error({ err }, "inbox poll failed");
        await pause(ERROR_PAUSE_MS, this.run.pauseSignal);
      }
    }
    await Promise.allSettled([...this.commands]);
  }

  /** Runs what is still queued (a drain: commands for handed-over sessions go to their new owners). */
  async drainRemaining(): Promise<void> {
    if (this.current) while ((await this.poll(0).catch(() => 0)) > 0);
  }

  /** Ends the long poll in flight at once (a drain): a marker message it receives and drops. */
  async wake(): Promise<void> {
    if (!this.current) return;
    await this.w.inboxes
      .wake(this.current)
      .catch((err: unknown) => this.w.logger.warn({ err }, "inbox not woken: its poll ends at its wait"));
  }

  /** Deletes the inbox queue (end of a drain). */
  async delete(): Promise<void> {
    if (this.current)
      await this.w.inboxes
        .delete(this.current)
        .catch((err: unknown) => this.w.logger.error({ err }, "inbox not deleted"));
  }

  private async poll(
    waitSeconds: number,
    signal?: AbortSignal,
    opts: { wait: boolean } = { wait: true },
  ): Promise<number> {
    const receiver = this.w.inboxes.receiver(this.current!);
    const msgs = await receiver.receive({
      max: 10,
      waitSeconds,
      visibilityTimeoutSeconds: this.visibilitySeconds,
      ...(signal ? { signal } : {}),
    });
    for (const m of msgs) {
      if (m.groupId === INBOX_WAKE_GROUP) {
        receiver.delete(m.receiptHandle).catch(() => undefined); // the inbox goes with the drain anyway
        continue;
      }
      this.dispatch(m);
    }
    if (opts.wait) await Promise.allSettled([...this.commands]);
    else while (this.commands.size >= INBOX_CONCURRENCY) await Promise.race(this.commands);
    return msgs.length;
  }

  private dispatch(m: ReceivedMessage): void {
    const key = m.groupId ?? "";
    const keepHidden = this.keepHidden(m);
    const p: Promise<void> = (this.sessionTails.get(key) ?? Promise.resolve())
      .then(() => this.handle(m))
      .catch((err: unknown) => this.w.logger.error({ err, messageId: m.messageId }, "command failed"))
      .finally(() => {
        clearInterval(keepHidden);
        this.commands.delete(p);
        if (this.sessionTails.get(key) === p) this.sessionTails.delete(key);
      });
    this.sessionTails.set(key, p);
    this.commands.add(p);
  }

  /** Extends the message's visibility while it waits behind its session's earlier commands or runs. */
  private keepHidden(m: ReceivedMessage): ReturnType<typeof setInterval> {
    const url = this.current!;
    const timer = setInterval(
      () => {
        this.w.inboxes
          .receiver(url)
          .changeVisibility(m.receiptHandle, this.visibilitySeconds)
          // done and deleted meanwhile, or it came back and runs again (the ledger skips a repeat)
          .catch((err: unknown) =>
            this.w.logger.debug({ err, messageId: m.messageId }, "inbox visibility not extended"),
          );
      },
      (this.visibilitySeconds * 1_000) / 2,
    );
    timer.unref();
    return timer;
  }

  private async handle(m: ReceivedMessage): Promise<void> {
    const inboxUrl = this.current!;
    const remove = () => this.w.inboxes.receiver(inboxUrl).delete(m.receiptHandle);
    let sent: { messageId: string; sessionId: string } | undefined;
    try {
      const decoded = decodeQueueBody(m.body, FleetCommand, "command");
      if (!decoded.ok) throw decoded.error;
      const cmd = decoded.value;
      if (cmd.type === "message.send_text") sent = { messageId: cmd.data.messageId, sessionId: cmd.sessionId };
      await handleCommand(this.commandDeps(), cmd);
    } catch (err) {
      const settled = await settleFailedMessage({
        err,
        message: m,
        sourceQueue: inboxUrl,
        sink: this.w.deadLetters.inbox,
        remove,
        logger: this.w.logger,
      });
      if (!settled) throw err; // retryable: redelivered after the visibility timeout
      return;
    }
    await remove();
    if (sent) traceSend(sent.messageId, sent.sessionId, "deleted");
  }
}
