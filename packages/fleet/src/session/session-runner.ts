import type { ConnectionState } from "@whiskeysockets/baileys";
import {
  isSocketActive,
  type ConnectMethod,
  type DisconnectInfo,
  type PacingSettings,
  type SessionOperationCommand,
  type SessionStatus,
} from "@wharf/contracts";
import { FencedError, connectionLost, type ReconnectDecision, type SessionEvent } from "@wharf/core";
import type { Logger } from "pino";
import { AuthStateWriteError } from "@wharf/aws";
import { LinkingFlow } from "./linking";
import type { RunnerEnding, RunnerPhase, RunnerStart, SessionRunnerDeps, StopMode } from "./session-runner-types";
import type { OutboundSender } from "./outbound";
import { ActionAcks } from "./action-acks";
import * as wiring from "./runner-wiring";
import { CRASHED, ReconnectTracker } from "./reconnects";
import { SessionReport } from "./session-report";
import type { SocketAttempt, SocketSlot } from "./socket-attempt";
import { TimerBag } from "./timers";

export type { RunnerOutcome, RunnerStart, SessionRunnerDeps, StopMode } from "./session-runner-types";

/**
 * One Baileys socket at a time for one session (DESIGN §4, §9). The constructor does nothing;
 * start() opens the socket, stop() closes it, and every timer and listener is released when it
 * ends. Socket events are handled one at a time, in order, on a serial chain.
 */
export class SessionRunner {
  private phase: RunnerPhase = "idle";
  /** status, phone, health and the event outbox: what the rest of Wharf sees */
  private readonly report: SessionReport;
  /** one socket at a time, and the auth state it runs on */
  private readonly slot: SocketSlot;
  private outbound!: OutboundSender;
  private linking!: LinkingFlow;
  private readonly timers = new TimerBag();
  private readonly reconnects: ReconnectTracker;
  private chain: Promise<void> = Promise.resolve();
  private readonly log: Logger;
  private readonly hooks: wiring.RunnerHooks;

  constructor(private readonly deps: SessionRunnerDeps) {
    this.log = deps.logger;
    this.report = new SessionReport(deps);
    this.hooks = {
      deps,
      report: this.report,
      timers: this.timers,
      now: () => this.now(),
      running: () => this.phase === "running",
      acks: new ActionAcks(),
    };
    this.slot = wiring.createRunnerSlot(
      this.hooks,
      () => this.slot,
      (key) => this.outbound.getMessage(key),
      (update, from) => void this.serial(() => this.onConnection(update, from)),
      (discarded) => this.report.credsDiscarded(discarded),
    );
    this.reconnects = new ReconnectTracker({
      ...deps,
      now: () => this.now(),
      timers: this.timers,
      health: () => this.report.health,
    });
  }

  get status(): SessionStatus {
    return this.report.status;
  }

  get isRunning(): boolean {
    return this.phase === "running";
  }

  /** Settles once the current socket has the server's hello (whose certificate checks cost a turn of the loop), or has none. */
  handshake(): Promise<void> {
    return this.slot.attempt?.hello ?? Promise.resolve();
  }

  /** Reads the auth state ahead of `start` (which waits for a start slot); see SocketSlot.preload. */
  preloadAuth(): void {
    if (this.phase === "idle") this.slot.preload();
  }

  async start(input: RunnerStart): Promise<void> {
    if (this.phase !== "idle") throw new Error("a SessionRunner starts once");
    this.phase = "running";
    this.report.resume(input);
    this.linking = new LinkingFlow(this.report, () => this.slot.auth?.state.creds ?? null, input.connect);
    this.outbound = wiring.createRunnerOutbound(this.hooks, this.slot, input.pacing);
    await this.serial(async () => {
      // an open session arrives here after its previous owner vanished: it is reconnecting now
      const entry: SessionEvent = isSocketActive(this.status) ? { type: "owner_lost" } : { type: "connect_requested" };
      // a session that failed on crashes links afresh: its stored creds may be what crashed
      if (this.status === "failed" && input.lastDisconnect?.reason === CRASHED) await this.slot.clearAuth();
      if (this.status !== "connecting" && this.status !== "reconnecting")
        await this.report.moveTo(entry, {}, undefined, input.requestId);
      await this.openSocket();
    });
  }

  // ---- the four ways to end, all through finish() ----

  /**
   * Ends the runner: handover (drain) keeps everything, disconnect keeps auth, logout clears it.
   * `requestId`: the API request that asked for it, carried on the final status event.
   */
  async stop(mode: StopMode, requestId?: string): Promise<void> {
    if (!this.beginEnding()) return;
    await this.serial(async () => {
      if (mode === "logout" && this.status === "open") await this.slot.logout();
      await this.slot.flushCreds();
      await this.slot.close();
      if (mode === "logout") await this.slot.clearAuth();
      await this.report.stopped(mode, requestId);
    });
    await this.finish({ kind: "released", handover: mode === "handover" });
  }

  /** The lease is gone (stolen or unrenewable): close at once, write nothing. */
  async abort(reason: string): Promise<void> {
    if (this.phase === "ended") return;
    this.log.warn({ reason }, "session aborted: lease lost, closing the socket");
    this.phase = "ending";
    this.timers.clear();
    await this.slot.close();
    await this.finish({ kind: "fenced" });
  }

  /** A failed auth-state write (reported by the store): never carry on silently. */
  handleAuthWriteError(err: FencedError | AuthStateWriteError): void {
    if (err instanceof FencedError) {
      void this.abort("auth-state write fenced out");
      return;
    }
    this.fail(
      "auth_state_write_failed",
      `Saving the session's keys failed: ${err.message}. Connect again to retry.`,
      err,
    );
  }

  /** Stops the session as `failed` with a reason people can read. */
  private fail(reason: string, message: string, err: unknown): void {
    if (!this.beginEnding()) return;
    this.log.error({ err, reason }, "session failed");
    void this.serial(async () => {
      await this.slot.close();
      const lastDisconnect = { code: null, reason, message, at: this.now().toISOString() };
      await this.report.moveTo(
        { type: "connection_lost", action: "give_up" },
        { desiredState: "disconnected", lastDisconnect },
        "failed",
      );
    }).then(() => this.finish({ kind: "released", handover: false }));
  }

  /** From running to ending: no new socket or timer from here on. False when not running. */
  private beginEnding(): boolean {
    if (this.phase !== "running") return false;
    this.phase = "ending";
    this.timers.clear();
    return true;
  }

  /**
   * The one way out: a released session first lets its events go out (the worker releases the
   * lease next), a fenced one touches nothing; then every timer is gone and the worker is told once.
   */
  private async finish(ending: RunnerEnding): Promise<void> {
    if (ending.kind === "released") await this.report.flushed();
    if (this.phase === "ended") return;
    this.phase = "ended";
    this.timers.clear();
    this.deps.onEnded(
      ending.kind === "released" ? { kind: "released", status: this.status, handover: ending.handover } : ending,
    );
  }

  // ---- commands ----

  connectWith(method: ConnectMethod): Promise<void> {
    return this.serial(async () => {
      if (this.linking.choose(method)) await this.relink();
    });
  }

  /** A fresh QR flow for a session that is not linked yet. */
  requestQr(): Promise<void> {
    return this.serial(async () => {
      if (this.linking.choose({ method: "qr" })) await this.relink();
      else this.log.info("QR requested for a linked session: ignored");
    });
  }

  /** Sends and message actions (edit, delete, read, presence): the worker calls them on this sender. */
  get sender(): OutboundSender {
    return this.outbound;
  }

  /** A session operation (contacts, profile, groups): answered with operation.completed. */
  operate(cmd: SessionOperationCommand): Promise<void> {
    return wiring.runOperation(this.hooks, this.slot, cmd);
  }

  updatePacing(pacing: PacingSettings): void {
    this.outbound.updateSettings(pacing);
  }

  // ---- sockets ----

  /** The old socket is closed before the next one opens; linking starts over with it. */
  private async openSocket(): Promise<void> {
    if (await this.slot.replace(() => this.phase === "running")) this.linking.restart();
  }

  /** Linking again, the new way: a new socket (only while running). */
  private async relink(): Promise<void> {
    if (this.phase === "running") await this.openSocket();
  }

  private async onConnection(u: Partial<ConnectionState>, from: SocketAttempt): Promise<void> {
    // an update queued by a socket that has been closed since no longer counts
    if (from !== this.slot.attempt || this.phase !== "running") return;
    if (u.qr) await this.linking.onQr(u.qr, from.socket);
    if (u.connection === "open") await this.onOpen();
    if (u.connection === "close") await this.onClose(u.lastDisconnect?.error ?? undefined);
  }

  private async onOpen(): Promise<void> {
    // open is the truth only with an authenticated account behind it
    if (!this.slot.auth?.state.creds.me?.id) {
      const { decision, lastDisconnect } = this.reconnects.unlinkedOpen();
      await this.settle(decision, lastDisconnect);
      return;
    }
    const { phone, accountName } = wiring.linkedAccount(this.slot.auth?.state.creds.me, this.report);
    this.report.health.connected(this.now());
    await this.report.moveTo({ type: "opened" }, { phone, accountName });
    this.reconnects.opened();
  }

  private async onClose(error: Error | undefined): Promise<void> {
    const { decision, lastDisconnect, unstable } = this.reconnects.closed(error, (d) => this.linking.completesLink(d));
    if (unstable) this.report.emit({ type: "session.unstable", data: unstable });
    await this.settle(decision, lastDisconnect);
  }

  /** After a close (or an open that does not count): the policy's status, then the next socket or the end. */
  private async settle(decision: ReconnectDecision, lastDisconnect: DisconnectInfo): Promise<void> {
    const retrying = decision.action === "reconnect" || decision.action === "restart_fresh";
    await this.slot.close();
    if (decision.clearAuth) await this.slot.clearAuth();
    await this.report.moveTo(
      connectionLost(decision),
      { lastDisconnect, ...(retrying ? {} : { desiredState: "disconnected" }) },
      decision.status,
    );
    if (!retrying) {
      // the policy ends the session (logged out, replaced, given up)
      this.beginEnding();
      void this.finish({ kind: "released", handover: false });
      return;
    }
    // 515 and fresh-QR restarts are immediate, but never inside Baileys' own close handler
    this.timers.later(decision.delayMs, () => {
      if (this.phase === "running") void this.serial(() => this.openSocket());
    });
  }

  // ---- failures ----

  /** Runs `fn` after everything queued before it; failures end the session the right way. */
  private serial(fn: () => Promise<void>): Promise<void> {
    const run = this.chain.then(fn).catch((err: unknown) => this.onFailure(err));
    this.chain = run;
    return run;
  }

  private onFailure(err: unknown): void {
    if (err instanceof FencedError) void this.abort("fenced out");
    else if (err instanceof AuthStateWriteError) this.handleAuthWriteError(err);
    // e.g. stored creds that cannot be opened, or WhatsApp refusing a pairing-code request
    else this.fail("session_error", wiring.unexpectedErrorMessage(err), err);
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  /** Open timers and listeners; both are zero once the runner ended (tests assert it). */
  resources(): { timers: number; listeners: number; socket: boolean } {
    const attempt = this.slot.attempt;
    return { timers: this.timers.size, listeners: attempt?.listeners ?? 0, socket: attempt !== null };
  }
}
