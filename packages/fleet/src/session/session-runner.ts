import { jidDecode, type ConnectionState, type proto, type WAMessageKey, type WASocket } from "@whiskeysockets/baileys";
import type { ConnectMethod, DisconnectInfo, PacingSettings, SendTextCommand, SessionStatus } from "@wharf/contracts";
import { connectionLost, decideReconnect, FencedError, isSocketActive, nextStatus, toDisconnectInfo, type OwnerPatch, type SessionEvent } from "@wharf/core";
import type { Logger } from "pino";
import { buildEvent } from "../events/event-sink";
import { AuthStateWriteError } from "@wharf/aws";
import { CredsWriter, loadAuthState, type LoadedAuth } from "./baileys-auth";
import { HealthTracker } from "./health";
import type { RunnerOutcome, RunnerStart, SessionRunnerDeps, StopMode } from "./session-runner-types";
import { attachMessageListeners, type FleetEventInput } from "./message-events";
import { OutboundSender } from "./outbound";
import { TimerBag } from "./timers";
import { messageIdFromWa } from "./wa-message-id";

export type { RunnerOutcome, RunnerStart, SessionRunnerDeps, StopMode } from "./session-runner-types";

const QR_FIRST_TTL_MS = 60_000;
const QR_NEXT_TTL_MS = 20_000;
const PAIRING_CODE_TTL_MS = 180_000;
const END_SOCKET_TIMEOUT_MS = 3_000;

type Lifecycle = "idle" | "running" | "stopping" | "ended";

/**
 * One Baileys socket for one session (DESIGN §4, §9). The constructor does nothing; start()
 * opens the socket, stop() closes it, and every timer and listener is released when it ends.
 * Socket events are handled one at a time, in order, on a serial chain.
 */
export class SessionRunner {
  status: SessionStatus = "created";
  private lifecycle: Lifecycle = "idle";
  private sock: WASocket | null = null;
  private generation = 0;
  private offs: Array<() => void> = [];
  private auth: LoadedAuth | null = null;
  private creds: CredsWriter | null = null;
  private connect: ConnectMethod = { method: "qr" };
  private phone: string | null = null;
  private lastDisconnect: DisconnectInfo | null = null;
  private health!: HealthTracker;
  private outbound!: OutboundSender;
  private attempts = 0;
  private qrCount = 0;
  private pairingRequested = false;
  private readonly timers = new TimerBag();
  private chain: Promise<void> = Promise.resolve();
  private outbox: Promise<void> = Promise.resolve();
  private readonly log: Logger;

  constructor(private readonly deps: SessionRunnerDeps) {
    this.log = deps.logger;
  }

  get isRunning(): boolean {
    return this.lifecycle === "running";
  }

  async start(input: RunnerStart): Promise<void> {
    if (this.lifecycle !== "idle") throw new Error("a SessionRunner starts once");
    this.lifecycle = "running";
    this.status = input.status;
    this.phone = input.phone;
    this.lastDisconnect = input.lastDisconnect;
    this.health = new HealthTracker(input.health);
    if (input.connect) this.connect = input.connect;
    this.outbound = new OutboundSender(
      {
        socket: () => this.sock,
        isOpen: () => this.status === "open" && this.lifecycle === "running",
        now: () => this.now(),
        emit: (e) => this.emit(e),
        onMessage: (t) => this.health.message(t),
        sleep: (ms) => this.sleep(ms),
      },
      input.pacing,
    );
    await this.serial(async () => {
      // an open session arrives here after its previous owner vanished: it is reconnecting now
      const entry: SessionEvent = isSocketActive(this.status) ? { type: "owner_lost" } : { type: "connect_requested" };
      if (this.status !== "connecting" && this.status !== "reconnecting") await this.moveTo(entry, {});
      await this.openSocket();
    });
  }

  /** Ends the runner: handover (drain) keeps everything, disconnect keeps auth, logout clears it. */
  async stop(mode: StopMode): Promise<void> {
    if (this.lifecycle !== "running") return;
    this.lifecycle = "stopping";
    this.clearTimers();
    await this.serial(async () => {
      if (mode === "logout") await this.unlink();
      await this.creds?.flush();
      await this.closeSocket();
      if (mode === "handover") {
        if (isSocketActive(this.status)) await this.moveTo({ type: "owner_lost" }, {});
      } else if (mode === "disconnect") {
        await this.moveTo({ type: "disconnect_requested" }, { desiredState: "disconnected" }, "disconnected");
      } else {
        await this.deps.authStore.clear();
        this.auth = null;
        this.phone = null;
        await this.moveTo({ type: "logout_requested" }, { desiredState: "disconnected", phone: null }, "logged_out");
      }
    });
    await this.outbox;
    this.end({ kind: "released", status: this.status, handover: mode === "handover" });
  }

  /** The lease is gone (stolen or unrenewable): close at once, write nothing. */
  async abort(reason: string): Promise<void> {
    if (this.lifecycle === "ended") return;
    this.log.warn({ reason }, "session aborted: lease lost, closing the socket");
    this.lifecycle = "stopping";
    this.clearTimers();
    await this.closeSocket();
    this.end({ kind: "fenced" });
  }

  /** A failed auth-state write (reported by the store): never carry on silently. */
  handleAuthWriteError(err: FencedError | AuthStateWriteError): void {
    if (err instanceof FencedError) {
      void this.abort("auth-state write fenced out");
      return;
    }
    this.fail("auth_state_write_failed", `Saving the session's keys failed: ${err.message}. Connect again to retry.`, err);
  }

  /** Stops the session as `failed` with a reason people can read. */
  private fail(reason: string, message: string, err: unknown): void {
    if (this.lifecycle !== "running") return;
    this.log.error({ err, reason }, "session failed");
    this.lifecycle = "stopping";
    this.clearTimers();
    void this.serial(async () => {
      await this.closeSocket();
      await this.moveTo(
        { type: "connection_lost", action: "give_up" },
        { desiredState: "disconnected", lastDisconnect: (this.lastDisconnect = { code: null, reason, message, at: this.now().toISOString() }) },
        "failed",
      );
    }).then(async () => {
      await this.outbox;
      this.end({ kind: "released", status: this.status, handover: false });
    });
  }

  connectWith(method: ConnectMethod): Promise<void> {
    return this.serial(async () => {
      if (this.status === "open" || this.isLinked()) return;
      this.connect = method;
      await this.restartLinking();
    });
  }

  /** A fresh QR flow for a session that is not linked yet. */
  requestQr(): Promise<void> {
    return this.serial(async () => {
      if (this.status === "open" || this.isLinked()) {
        this.log.info("QR requested for a linked session: ignored");
        return;
      }
      this.connect = { method: "qr" };
      await this.restartLinking();
    });
  }

  sendText(cmd: SendTextCommand): Promise<void> {
    return this.outbound.sendText(cmd);
  }

  updatePacing(pacing: PacingSettings): void {
    this.outbound.updateSettings(pacing);
  }

  // ---- socket lifecycle ----

  private async openSocket(): Promise<void> {
    await this.closeSocket();
    if (this.lifecycle !== "running") return;
    this.auth ??= await loadAuthState(this.deps.authStore, this.log);
    // stop() or abort() may have come while the creds were loading
    if (this.lifecycle !== "running") return;
    const auth = this.auth;
    this.creds = new CredsWriter(this.deps.authStore, () => auth.state.creds);
    const gen = ++this.generation;
    const sock = this.deps.makeSocket({ auth: auth.state, getMessage: (key) => this.getMessage(key) });
    this.sock = sock;
    this.qrCount = 0;
    this.pairingRequested = false;
    const creds = this.creds;
    const onCreds = (update: Partial<typeof auth.state.creds>) => {
      Object.assign(auth.state.creds, update);
      // failures are reported by the store (handleAuthWriteError); nothing more to do here
      creds.schedule().catch(() => undefined);
    };
    const onConnection = (u: Partial<ConnectionState>) => {
      void this.serial(async () => {
        if (gen !== this.generation || this.lifecycle !== "running") return;
        if (u.qr) await this.onQr(u.qr, sock);
        if (u.connection === "open") await this.onOpen();
        if (u.connection === "close") await this.onClose(u.lastDisconnect?.error ?? undefined);
      });
    };
    sock.ev.on("creds.update", onCreds);
    sock.ev.on("connection.update", onConnection);
    this.offs = [
      () => sock.ev.off("creds.update", onCreds),
      () => sock.ev.off("connection.update", onConnection),
      ...attachMessageListeners(sock, {
        emit: (build) => this.emit(build(this.now())),
        onMessage: (t) => this.health.message(t),
        now: () => this.now(),
      }),
    ];
  }

  /** Listeners first, then end(): the old socket can never act on this session again. */
  private async closeSocket(): Promise<void> {
    const sock = this.sock;
    if (!sock) return;
    this.sock = null;
    this.generation++;
    for (const off of this.offs.splice(0)) off();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      sock.end(undefined).catch(() => undefined),
      new Promise<void>((r) => (timer = setTimeout(r, END_SOCKET_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
  }

  private async restartLinking(): Promise<void> {
    if (this.lifecycle !== "running") return;
    await this.openSocket();
  }

  private async unlink(): Promise<void> {
    const sock = this.sock;
    if (!sock || this.status !== "open") return;
    try {
      await sock.logout();
    } catch (err) {
      this.log.warn({ err }, "unlinking at WhatsApp failed; clearing the auth state anyway");
    }
  }

  private async onQr(qr: string, sock: WASocket): Promise<void> {
    if (this.connect.method === "pairing_code" && !this.isLinked()) {
      if (this.pairingRequested) return;
      this.pairingRequested = true;
      const code = await sock.requestPairingCode(this.connect.phone);
      await this.moveTo({ type: "pairing_code_issued" }, {});
      this.emit({ type: "session.pairing_code", data: { code, expiresAt: this.expiry(PAIRING_CODE_TTL_MS) } });
      return;
    }
    if (this.status === "pairing") return;
    this.qrCount++;
    if (this.status !== "qr") await this.moveTo({ type: "qr_issued" }, {});
    this.emit({ type: "session.qr", data: { qr, expiresAt: this.expiry(this.qrCount === 1 ? QR_FIRST_TTL_MS : QR_NEXT_TTL_MS) } });
  }

  /**
   * Linked = the phone signed this device's identity (set at pair-success, QR or code).
   * `creds.registered` is only set on the pairing-code path, and `creds.me` already on the
   * pairing-code request, so neither says it.
   */
  /** Baileys re-sends a message a recipient could not decrypt: memory first, then the store. */
  private async getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined> {
    const recent = this.outbound.getMessage(key);
    if (recent) return recent;
    const messageId = messageIdFromWa(key.id);
    return messageId && this.deps.sentMessage ? this.deps.sentMessage(messageId) : undefined;
  }

  private isLinked(): boolean {
    return Boolean(this.auth?.state.creds.account);
  }

  private async onOpen(): Promise<void> {
    const me = this.auth?.state.creds.me?.id;
    this.phone = (me && jidDecode(me)?.user) || this.phone;
    this.health.connected(this.now());
    await this.moveTo({ type: "opened" }, { phone: this.phone });
    this.timers.set("stable", this.deps.stableOpenMs, () => {
      this.attempts = 0;
    });
  }

  private async onClose(error: Error | undefined): Promise<void> {
    this.timers.cancel("stable");
    const code = (error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;
    const now = this.now();
    const decision = decideReconnect({ code, attempt: this.attempts, random: this.deps.random });
    this.attempts = decision.nextAttempt;
    this.lastDisconnect = toDisconnectInfo(decision, now);
    this.log.info({ code: decision.code, reason: decision.reason, action: decision.action, attempt: this.attempts }, "socket closed");
    const retrying = decision.action === "reconnect" || decision.action === "restart_fresh";
    // the 515 that follows pair-success is a step of linking, not a reconnect worth counting
    const linkingStep = decision.reason === "restart_required" && (this.status === "qr" || this.status === "pairing");
    if (retrying && !linkingStep && this.health.reconnected(now)) {
      const h = this.health.snapshot(now);
      this.emit({ type: "session.unstable", data: { reconnectsLast5m: h.reconnectsLast5m, reconnectCount: h.reconnectCount, lastDisconnect: this.lastDisconnect } });
    }
    await this.closeSocket();
    if (decision.clearAuth) {
      await this.deps.authStore.clear();
      this.auth = null;
    }
    const stopping = !retrying;
    await this.moveTo(connectionLost(decision), { lastDisconnect: this.lastDisconnect, ...(stopping ? { desiredState: "disconnected" } : {}) }, decision.status);
    if (stopping) {
      this.lifecycle = "stopping";
      this.clearTimers();
      void this.outbox.then(() => this.end({ kind: "released", status: this.status, handover: false }));
      return;
    }
    // 515 and fresh-QR restarts are immediate, but never inside Baileys' own close handler
    this.timers.later(decision.delayMs, () => {
      if (this.lifecycle === "running") void this.serial(() => this.openSocket());
    });
  }

  // ---- status, events, timers ----

  /**
   * Applies a state-machine event, writes the status (fenced) and emits session.status. A
   * fenced write ends the session (thrown); any other failed write is logged and the event
   * still goes out, since consumers persist status from events too.
   */
  private async moveTo(event: SessionEvent, patch: OwnerPatch, fallback?: SessionStatus): Promise<void> {
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
      data: { status: next, phone: this.phone, disconnect: this.lastDisconnect, health },
    });
  }

  private emit(input: FleetEventInput): void {
    const event = buildEvent(input.type, { tenantId: this.deps.tenantId, sessionId: this.deps.sessionId, epoch: this.deps.fence().epoch }, input.data as never, this.now());
    this.outbox = this.outbox.then(() => this.deps.events.publish(event)).catch((err: unknown) => this.log.error({ err, type: input.type }, "event lost"));
  }

  /** Runs `fn` after everything queued before it; failures end the session the right way. */
  private serial(fn: () => Promise<void>): Promise<void> {
    const run = this.chain.then(fn).catch((err: unknown) => this.onFailure(err));
    this.chain = run;
    return run;
  }

  private onFailure(err: unknown): void {
    if (err instanceof FencedError) {
      void this.abort("fenced out");
    } else if (err instanceof AuthStateWriteError) {
      this.handleAuthWriteError(err);
    } else {
      // e.g. stored creds that cannot be opened, or WhatsApp refusing a pairing-code request
      this.fail("session_error", `The session stopped after an unexpected error: ${(err as Error)?.message ?? String(err)}`, err);
    }
  }

  private sleep(ms: number): Promise<boolean> {
    return this.timers.sleep(ms, () => this.lifecycle === "running");
  }

  private clearTimers(): void {
    this.timers.clear();
  }

  private end(outcome: RunnerOutcome): void {
    if (this.lifecycle === "ended") return;
    this.lifecycle = "ended";
    this.clearTimers();
    this.deps.onEnded(outcome);
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private expiry(ms: number): string {
    return new Date(this.now().getTime() + ms).toISOString();
  }

  /** Open timers and listeners; both are zero once the runner ended (tests assert it). */
  resources(): { timers: number; listeners: number; socket: boolean } {
    return { timers: this.timers.size, listeners: this.offs.length, socket: this.sock !== null };
  }
}
