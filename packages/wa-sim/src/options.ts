import type { Logger } from "pino";
import type { SimStateStore } from "./state/store";
import type { MediaStoreLimits } from "./media/store";

export interface SimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default. */
  host?: string;
  /** Delay added to every frame the simulator sends (slow-network fault). */
  latencyMs?: number;
  /** Contacts send `<plaintext>` instead of Signal-encrypted messages (cheap load mode). */
  plaintext?: boolean;
  /**
   * Prekey count reported to clients instead of the real number stored. A high value (e.g. 812)
   * makes clients skip generating and uploading prekeys, which density benchmarks want.
   */
  fakePrekeyCount?: number;
  /** Contacts acknowledge each received message with a delivered receipt at once (default true). */
  autoDeliveryReceipts?: boolean;
  /** Delay before that automatic delivered receipt (default 100 ms). */
  deliveryReceiptDelayMs?: number;
  /** Seed of the certificate root (default: DEFAULT_ROOT_SEED, which the preload trusts). */
  rootSeed?: string;
  /** How long scanQr / enterPairingCode wait for the client to finish linking (default 30 s). */
  linkTimeoutMs?: number;
  /** After a server-initiated disconnect, how long to wait for the client to close before dropping it (default 3 s). */
  closeGraceMs?: number;
  /**
   * Where accounts, linked devices and Signal state are kept between runs (loaded on start,
   * saved after changes and on close). Default: none, the state lives in this simulator only
   * (createMemoryStateStore keeps it in memory for a next simulator; createFileStateStore on disk).
   */
  stateStore?: SimStateStore;
  /** How long changes gather before one save (default 1 s); close() always saves. */
  stateSaveDebounceMs?: number;
  logger?: Logger;
  /** TCP port of the HTTPS media host (uploads/downloads); 0 (default) picks a free one. */
  mediaPort?: number;
  /** Upload size limit, bytes kept in memory, media_conn auth ttl (see media/store.ts). */
  mediaLimits?: Partial<MediaStoreLimits>;
}

/** Settings that can change while running (admin API). */
export interface SimSettings {
  latencyMs: number;
  plaintext: boolean;
  fakePrekeyCount: number | undefined;
  autoDeliveryReceipts: boolean;
  deliveryReceiptDelayMs: number;
  linkTimeoutMs: number;
  closeGraceMs: number;
}

export function resolveSettings(options: SimulatorOptions): SimSettings {
  return {
    latencyMs: Math.max(0, options.latencyMs ?? 0),
    plaintext: options.plaintext ?? false,
    fakePrekeyCount: options.fakePrekeyCount,
    autoDeliveryReceipts: options.autoDeliveryReceipts ?? true,
    deliveryReceiptDelayMs: Math.max(0, options.deliveryReceiptDelayMs ?? 100),
    linkTimeoutMs: options.linkTimeoutMs ?? 30_000,
    closeGraceMs: options.closeGraceMs ?? 3_000,
  };
}
