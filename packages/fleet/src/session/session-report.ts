import type { DisconnectInfo, SessionStatus } from "@wharf/contracts";
import { FencedError, nextStatus, type OwnerPatch, type SessionEvent } from "@wharf/core";
import type { Logger } from "pino";
import { buildEvent } from "../events/event-sink";
import { HealthTracker } from "./health";
import type { FleetEventInput } from "./message-events";
import type { RunnerStart, SessionRunnerDeps } from "./session-runner-types";

type ReportDeps = Pick<SessionRunnerDeps, "tenantId" | "sessionId" | "fence" | "state" | "events" | "clock" | "logger">;

/**
 * What the rest of Wharf sees of one session: its status (written fenced, and sent as
 * session.status), phone, account name, last disconnect and health, and its events, published in order.
 */
export class SessionReport {
  status: SessionStatus = "created";
  phone: string | null = null;
  /** the linked account's push name: personal data, never logged */
  accountName: string | null = null;
  lastDisconnect: DisconnectInfo | null = null;
  health = new HealthTracker({ lastConnectedAt: null, lastMessageAt: null, reconnectCount: 0, reconnectsLast5m: 0 });
  private outbox: Promise<void> = Promise.resolve();

  private readonly log: Logger;

  constructor(private readonly deps: ReportDeps) {
    this.log = deps.logger;
  }

  /** Picks up where the session's stored record left off. */
  resume(input: RunnerStart): void {
    this.status = input.status;
    this.phone = input.phone;
    this.accountName = input.accountName ?? null;
    this.lastDisconnect = input.lastDisconnect;
    this.health = new HealthTracker(input.health);
  }

  /**
   * Applies a state-machine event, writes the status (fenced) and emits session.status. A
   * fenced write ends the session (thrown); any other failed write is logged and the event
   * still goes out, since consumers persist status from events too.
   */
  async moveTo(
    event: SessionEvent,
    patch: OwnerPatch = {},
    fallback?: SessionStatus,
    requestId?: string,
  ): Promise<void> {
    const next = nextStatus(this.status, event) ?? fallback ?? this.status;
    this.status = next;
    const health = this.health.snapshot(this.now());
    try {
      await this.deps.state.write({ ...patch, status: next, health });
    } catch (err) {
      if (err instanceof FencedError) throw err;
      this.log.error({ err, status: next }, "status write failed");
    }
    this.emit({
      type: "session.status",
      data: { status: next, phone: this.phone, accountName: this.accountName, disconnect: this.lastDisconnect, health },
      requestId,
    });
  }

  emit(input: FleetEventInput): void {
    const { tenantId, sessionId } = this.deps;
    const event = buildEvent(
      input.type,
      { tenantId, sessionId, epoch: this.deps.fence().epoch, requestId: input.requestId },
      input.data as never,
      this.now(),
    );
    this.outbox = this.outbox
      .then(() => this.deps.events.publish(event))
      // publish keeps what SQS refuses in the durable outbox; it rejects only an invalid event
      .catch((err: unknown) => this.log.error({ err, type: input.type }, "invalid event refused by the sink"));
  }

  now(): Date {
    return this.deps.clock.now();
  }

  /** Settles once every event emitted so far is published or kept in the outbox (or refused as invalid). */
  flushed(): Promise<void> {
    return this.outbox;
  }
}
