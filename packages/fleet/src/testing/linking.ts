import type { Simulator } from "@wharf/wa-sim";
import type { FleetHarness } from "./harness";

/**
 * Links a placed session through the fleet: wait for its session.qr event, let the account's
 * phone scan it, wait for status open. Returns the open event.
 */
export async function linkSessionByQr(
  h: FleetHarness,
  sim: Simulator,
  s: { tenantId: string; sessionId: string },
  accountId: string,
  opts: { after?: number } = {},
) {
  const qr = await h.events.waitFor(s.sessionId, "session.qr", () => true, opts);
  await sim.scanQr(accountId, qr.data.qr);
  return h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "open", opts);
}

export async function linkSessionByPairingCode(
  h: FleetHarness,
  sim: Simulator,
  s: { tenantId: string; sessionId: string },
  accountId: string,
  opts: { after?: number } = {},
) {
  const code = await h.events.waitFor(s.sessionId, "session.pairing_code", () => true, opts);
  await sim.enterPairingCode(accountId, code.data.code);
  return h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "open", opts);
}
