import type { AuthenticationCreds, WASocket } from "@whiskeysockets/baileys";
import { showsLinkCode, type ConnectMethod, type SessionStatus } from "@wharf/contracts";
import type { ReconnectDecision, SessionEvent } from "@wharf/core";
import type { FleetEventInput } from "./message-events";

const QR_FIRST_TTL_MS = 60_000;
const QR_NEXT_TTL_MS = 20_000;
const PAIRING_CODE_TTL_MS = 180_000;

/** How far the current socket got: nothing shown yet, `count` QR codes shown, or a pairing code asked for. */
type LinkProgress = { step: "waiting" } | { step: "qr_shown"; count: number } | { step: "code_requested" };

/** Where linking reports to (the session's SessionReport). */
export interface LinkingReport {
  readonly status: SessionStatus;
  moveTo(event: SessionEvent): Promise<void>;
  emit(event: FleetEventInput): void;
  now(): Date;
}

/**
 * Linking a phone to a session: QR codes, or one pairing code when linking by phone number.
 * Each new socket starts over; the 515 restart that follows pair-success completes the link.
 */
export class LinkingFlow {
  private progress: LinkProgress = { step: "waiting" };

  constructor(
    private readonly report: LinkingReport,
    /** the creds of the loaded auth state (null while none is loaded) */
    private readonly creds: () => AuthenticationCreds | null,
    private method: ConnectMethod = { method: "qr" },
  ) {}

  /**
   * Linked = the phone signed this device's identity (set at pair-success, QR or code).
   * `creds.registered` is only set on the pairing-code path, and `creds.me` already on the
   * pairing-code request, so neither says it.
   */
  isLinked(): boolean {
    return Boolean(this.creds()?.account);
  }

  /** A new socket: linking starts from the beginning. */
  restart(): void {
    this.progress = { step: "waiting" };
  }

  /** Links by `method` from the next socket on; false (nothing changes) when already linked or open. */
  choose(method: ConnectMethod): boolean {
    if (this.report.status === "open" || this.isLinked()) return false;
    this.method = method;
    return true;
  }

  /** Baileys shows a QR: pass it on, or ask for a pairing code (once per socket) instead. */
  async onQr(qr: string, sock: WASocket): Promise<void> {
    if (this.method.method === "pairing_code" && !this.isLinked()) {
      if (this.progress.step === "code_requested") return;
      this.progress = { step: "code_requested" };
      const code = await sock.requestPairingCode(this.method.phone);
      await this.report.moveTo({ type: "pairing_code_issued" });
      this.report.emit({ type: "session.pairing_code", data: { code, expiresAt: this.expiry(PAIRING_CODE_TTL_MS) } });
      return;
    }
    // while pairing, QR refreshes are not shown: the pairing code stays on screen
    if (this.report.status === "pairing") return;
    const count = this.progress.step === "qr_shown" ? this.progress.count + 1 : 1;
    this.progress = { step: "qr_shown", count };
    if (this.report.status !== "qr") await this.report.moveTo({ type: "qr_issued" });
    this.report.emit({
      type: "session.qr",
      data: { qr, expiresAt: this.expiry(count === 1 ? QR_FIRST_TTL_MS : QR_NEXT_TTL_MS) },
    });
  }

  /** The 515 that follows pair-success is a step of linking, not a reconnect worth counting. */
  completesLink(decision: Pick<ReconnectDecision, "reason">): boolean {
    return decision.reason === "restart_required" && showsLinkCode(this.report.status);
  }

  private expiry(ms: number): string {
    return new Date(this.report.now().getTime() + ms).toISOString();
  }
}
