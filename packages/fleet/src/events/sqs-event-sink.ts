import { FleetEvent } from "@wharf/contracts";
import { nextOutboxSeq, type EventOutbox, type QueueSender } from "@wharf/core";
import type { Logger } from "pino";
import { traceSend } from "../session/send-trace";
import { SendBatcher } from "../worker/send-batcher";
import type { EventSink } from "./event-sink";

export interface SqsEventSinkOptions {
  /** send attempts (with backoff) before an event goes to the outbox */
  attempts?: number;
  baseDelayMs?: number;
  /** the longest pause between two tries while neither SQS nor the outbox answers */
  maxDelayMs?: number;
  /** how often sessions with a backlog try to replay it */
  replayEveryMs?: number;
  now?: () => number;
}

const REPLAY_BATCH = 25;

const sendOptions = (event: FleetEvent) => ({ groupId: event.sessionId, deduplicationId: event.id });

/** One session's events: handled one at a time, in the order they were published. */
class Lane {
  private tail: Promise<unknown> = Promise.resolve();
  /** entries wait in the outbox (null: not looked yet in this process) */
  backlog: boolean | null = null;
  /** the newest seq this process has seen in the session's outbox */
  lastSeq: string | null = null;
  /** a timer replay is queued on the lane already */
  replayQueued = false;

  constructor(
    readonly tenantId: string,
    readonly sessionId: string,
  ) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * Events.fifo: MessageGroupId = sessionId keeps each session's events in order; the event id
 * is the deduplication id, so a retried or replayed send is delivered once. An event SQS does
 * not take after a few tries with backoff goes to the session's durable outbox (DynamoDB);
 * while a session has a backlog its newer events join the outbox behind it, and the backlog is
 * replayed oldest first once SQS is back (on a timer, and before the session's next event —
 * also on the next owner after a crash), so per-session order holds and nothing is dropped.
 * Every event is validated before it leaves, so a producer bug fails here, not in a consumer.
 */
export class SqsEventSink implements EventSink {
  private readonly lanes = new Map<string, Lane>();
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly replayEveryMs: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | null = null;
  /**
   * Events of different sessions published around the same moment share one SendMessageBatch.
   * Each session still has one event in flight at a time (its lane), so its order holds; a
   * batch that fails fails every event in it, and each is retried with its own deduplication id.
   */
  private readonly batcher: SendBatcher<FleetEvent>;

  constructor(
    queue: QueueSender<FleetEvent>,
    private readonly outbox: EventOutbox,
    private readonly logger: Logger,
    opts: SqsEventSinkOptions = {},
  ) {
    this.attempts = opts.attempts ?? 4;
    this.baseDelayMs = opts.baseDelayMs ?? 100;
    this.maxDelayMs = opts.maxDelayMs ?? 5_000;
    this.replayEveryMs = opts.replayEveryMs ?? 2_000;
    this.now = opts.now ?? Date.now;
    this.batcher = new SendBatcher(
      (events) =>
        events.length === 1
          ? queue.send(events[0]!, sendOptions(events[0]!))
          : queue.sendBatch(events.map((body) => ({ body, opts: sendOptions(body) }))),
      { max: 10, lingerMs: 5 },
    );
  }

  async publish(event: FleetEvent): Promise<void> {
    const parsed = FleetEvent.parse(event);
    const lane = this.lane(parsed.tenantId, parsed.sessionId);
    await lane.run(() => this.deliver(lane, parsed));
    if (parsed.type === "message.status" && parsed.data.status === "sent")
      traceSend(parsed.data.messageId, parsed.sessionId, "published");
  }

  /** Events still waiting in an outbox of a session this sink has seen (ops and tests). */
  hasBacklog(): boolean {
    return [...this.lanes.values()].some((l) => l.backlog === true);
  }

  /** Stops the replay timer; what is in the outbox stays there for the next owner. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private lane(tenantId: string, sessionId: string): Lane {
    const key = `${tenantId}|${sessionId}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = new Lane(tenantId, sessionId);
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private async deliver(lane: Lane, event: FleetEvent): Promise<void> {
    if (lane.backlog !== false && !(await this.replay(lane))) return this.keep(lane, event);
    if (await this.send(event, this.attempts)) return;
    this.logger.warn(
      { eventId: event.id, type: event.type, sessionId: event.sessionId },
      "SQS does not take events: keeping them in the session's outbox until it is back",
    );
    return this.keep(lane, event);
  }

  /** Publishes the session's outbox, oldest first; true once it is empty. */
  private async replay(lane: Lane): Promise<boolean> {
    const { tenantId, sessionId } = lane;
    try {
      for (;;) {
        const batch = await this.outbox.oldest(tenantId, sessionId, REPLAY_BATCH);
        if (batch.length === 0) {
          if (lane.backlog) this.logger.info({ sessionId }, "event outbox replayed");
          lane.backlog = false;
          return true;
        }
        lane.backlog = true;
        this.scheduleReplay();
        for (const entry of batch) {
          if (lane.lastSeq === null || entry.seq > lane.lastSeq) lane.lastSeq = entry.seq;
          if (!(await this.send(entry.event, 1))) return false;
          // sent but not yet removed: a replay sends it again, with the same deduplication id
          await this.outbox.remove(tenantId, sessionId, entry.seq);
        }
      }
    } catch (err) {
      this.logger.warn({ err, sessionId }, "event outbox not replayed yet");
      return false;
    }
  }

  /** Appends to the outbox; while that fails too, the event waits here and both are retried. */
  private async keep(lane: Lane, event: FleetEvent): Promise<void> {
    for (let round = 0; ; round++) {
      const seq = nextOutboxSeq(lane.lastSeq, this.now());
      try {
        await this.outbox.append(lane.tenantId, lane.sessionId, { seq, event });
        lane.lastSeq = seq;
        lane.backlog = true;
        this.scheduleReplay();
        return;
      } catch (err) {
        if (round === 0)
          this.logger.error(
            { err, eventId: event.id, type: event.type, sessionId: event.sessionId },
            "neither SQS nor the event outbox takes the event: holding it and retrying both",
          );
      }
      await this.pause(round);
      if (lane.backlog === false && (await this.send(event, 1))) return;
    }
  }

  private async send(event: FleetEvent, attempts: number): Promise<boolean> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.batcher.add(event);
        return true;
      } catch (err) {
        if (attempt === attempts) {
          this.logger.debug({ err, eventId: event.id }, "event send failed");
          return false;
        }
        await this.pause(attempt);
      }
    }
    return false;
  }

  private pause(round: number): Promise<void> {
    const ms = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** round);
    return new Promise((r) => setTimeout(r, ms));
  }

  private scheduleReplay(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.replayAll(), this.replayEveryMs);
    this.timer.unref?.();
  }

  private replayAll(): void {
    const waiting = [...this.lanes.values()].filter((l) => l.backlog === true);
    if (waiting.length === 0) {
      this.stop();
      return;
    }
    for (const lane of waiting) {
      if (lane.replayQueued) continue;
      lane.replayQueued = true;
      // through the lane: a replay never runs beside the session's own publishing
      void lane.run(async () => {
        lane.replayQueued = false;
        if (lane.backlog === true) await this.replay(lane);
      });
    }
  }
}
