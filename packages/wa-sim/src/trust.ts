import { WA_CERT_DETAILS } from "@whiskeysockets/baileys";
import { createHash } from "node:crypto";
import { pino, type Logger } from "pino";

/**
 * Client-side trust switch for simulator mode. Baileys pins WhatsApp's certificate root in
 * `WA_CERT_DETAILS.PUBLIC_KEY`; replacing it makes every Baileys socket in this process accept
 * the simulator (and reject the real WhatsApp). Only tests, the demo and benchmarks call this,
 * always with the literal flag below; production code never imports this module.
 */
export interface TrustSimulatorOptions {
  /** Must be the literal `true`: a deliberate, greppable opt-in. */
  iKnowThisIsTheSimulator: true;
  logger?: Logger;
}

const WHATSAPP_ROOT = Buffer.from(WA_CERT_DETAILS.PUBLIC_KEY);

const defaultLogger = (): Logger => pino({ name: "wa-sim-trust" }, pino.destination(2));

const fingerprint = (key: Uint8Array): string => createHash("sha256").update(key).digest("hex").slice(0, 16);

/** Makes Baileys in this process trust the simulator's root instead of WhatsApp's. Logged at warn level. */
export function trustSimulatorRoot(rootPublicKey: Uint8Array, options: TrustSimulatorOptions): void {
  if (options?.iKnowThisIsTheSimulator !== true) {
    throw new Error("trustSimulatorRoot refused: pass { iKnowThisIsTheSimulator: true } (simulator mode only)");
  }
  if (!(rootPublicKey instanceof Uint8Array) || rootPublicKey.length !== 32) {
    throw new Error("trustSimulatorRoot refused: the root public key must be 32 bytes");
  }
  WA_CERT_DETAILS.PUBLIC_KEY.set(rootPublicKey);
  (options.logger ?? defaultLogger()).warn(
    { rootFingerprint: fingerprint(rootPublicKey), pid: process.pid },
    "WA SIMULATOR MODE: Baileys now trusts the wa-sim certificate root; this process cannot reach real WhatsApp",
  );
}

/** Puts WhatsApp's own root back (tests that must prove the pin matters). */
export function restoreWhatsAppRoot(): void {
  WA_CERT_DETAILS.PUBLIC_KEY.set(WHATSAPP_ROOT);
}

/** True when the pinned root is not WhatsApp's, i.e. simulator mode is on in this process. */
export function isSimulatorRootTrusted(): boolean {
  return !WHATSAPP_ROOT.equals(WA_CERT_DETAILS.PUBLIC_KEY);
}
