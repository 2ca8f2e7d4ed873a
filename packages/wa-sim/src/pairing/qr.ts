import { SimError } from "../errors";
import type { SimContext } from "../server/context";
import type { Account } from "../state/types";
import { linkWaiter, sendPairSuccess } from "./link";

export interface ParsedQr {
  ref: string;
  noiseKey: Buffer;
  identityKey: Buffer;
  advSecret: Buffer;
  platform: string;
}

/** Parses the QR text Baileys emits: `[https://wa.me/settings/linked_devices#]ref,noise,identity,adv,platform`. */
export function parseQr(qr: string): ParsedQr {
  const body = qr.includes("#") ? qr.slice(qr.lastIndexOf("#") + 1) : qr;
  const parts = body.split(",");
  if (parts.length < 4) throw new SimError("qr_invalid", "QR must hold ref,noiseKey,identityKey,advSecret[,platform]");
  const [ref, noise, identity, adv, platform] = parts as [string, string, string, string, string | undefined];
  const noiseKey = Buffer.from(noise, "base64");
  const identityKey = Buffer.from(identity, "base64");
  const advSecret = Buffer.from(adv, "base64");
  if (!ref || noiseKey.length !== 32 || identityKey.length !== 32 || advSecret.length !== 32) {
    throw new SimError("qr_invalid", "QR keys must be base64 of 32 bytes");
  }
  return { ref, noiseKey, identityKey, advSecret, platform: platform ?? "" };
}

/**
 * The account's phone scans a QR: find the registering connection that showed it, check the
 * keys match what that client registered, and link it. Resolves once the device is registered.
 */
export function scanQr(ctx: SimContext, account: Account, qr: string): Promise<void> {
  const parsed = parseQr(qr);
  const conn = ctx.refs.get(parsed.ref);
  if (!conn?.isOpen || !conn.registration) {
    throw new SimError("qr_unknown_ref", "no connected client is showing this QR (expired or already used)");
  }
  if (!conn.clientStatic?.equals(parsed.noiseKey) || !conn.registration.identityKey.equals(parsed.identityKey)) {
    throw new SimError("qr_mismatch", "QR keys do not match the client that showed it");
  }
  if (conn.link) throw new SimError("qr_unknown_ref", "this client is already being linked");
  const { promise, waiter } = linkWaiter(ctx);
  sendPairSuccess(ctx, conn, account, parsed.advSecret, waiter);
  return promise;
}
