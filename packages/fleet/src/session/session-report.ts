import { isSocketActive, type DisconnectInfo, type SessionStatus } from "@wharf/contracts";
import { FencedError, nextStatus, type OwnerPatch, type SessionEvent } from "@wharf/core";
import type { Logger } from "pino";
import { buildEvent } from "../events/event-sink";
import type { DiscardedCreds } from "./baileys-auth";
import { HealthTracker } from "./health";
import type { FleetEventInput } from "./message-events";
import type { RunnerStart, SessionRunnerDeps, StopMode } from "./session-runner-types";

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
   * Applies a state-machine event, writes the status (fenced) and emits session.status. The
   * patch's phone, account name and last disconnect become this report's too, so the record
   * and the event always agree. A fenced write ends the session (thrown); any other failed
   * write is logged and the event still goes out, since consumers persist status from events too.
   */
  async moveTo(
    event: SessionEvent,
    patch: OwnerPatch = {},
    fallback?: SessionStatus,
    requestId?: string,
  ): Promise<void> {
    const next = nextStatus(this.status, event) ?? fallback ?? this.status;
    this.status = next;
    if (patch.phone !== undefined) this.phone = patch.phone;
    if (patch.accountName !== undefined) this.accountName = patch.accountName;
    if (patch.lastDisconnect !== undefined) this.lastDisconnect = patch.lastDisconnect;
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

  /** The final status of a stop: a handover leaves an active session to its next owner. */
  async stopped(mode: StopMode, requestId?: string): Promise<void> {
    if (mode === "handover") {
      if (isSocketActive(this.status)) await this.moveTo({ type: "owner_lost" });
    } else if (mode === "disconnect") {
      await this.moveTo({ type: "disconnect_requested" }, { desiredState: "disconnected" }, "disconnected", requestId);
    } else {
      const unlinked = { desiredState: "disconnected", phone: null, accountName: null } as const;
      await this.moveTo({ type: "logout_requested" }, unlinked, "logged_out", requestId);
    }
  }

  /** Stored creds could not log in and were replaced: the user sees why the session links again. */
  async credsDiscarded(discarded: DiscardedCreds): Promise<void> {
    const lastDisconnect = { code: null, ...discarded, at: this.now().toISOString() };
    const unlinked = { lastDisconnect, phone: null, accountName: null };
    await this.moveTo({ type: "connection_lost", action: "restart_fresh" }, unlinked, "connecting");
  }

  /** Queues the event behind every earlier one; settles once it is published or kept in the outbox (never rejects). */
  emit(input: FleetEventInput): Promise<void> {
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
    return this.outbox;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  /** Settles once every event emitted so far is published or kept in the outbox (or refused as invalid). */
  flushed(): Promise<void> {
    return this.outbox;
  }
}
