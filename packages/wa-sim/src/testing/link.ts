import { DisconnectReason } from "@whiskeysockets/baileys";
import { connectClient, type ConnectClientOptions, type SimClient } from "./client";

/** The part of the simulator the linking helpers need (the Simulator satisfies it). */
export interface LinkingSimulator {
  readonly url: string;
  scanQr(accountId: string, qr: string): Promise<unknown>;
  enterPairingCode(accountId: string, code: string): Promise<unknown>;
}

export type LinkOptions = Omit<ConnectClientOptions, "url" | "auth"> & {
  /** Per step (QR, 515, open); default 15 s. Raise it on a loaded machine. */
  timeoutMs?: number;
};

const DEFAULT_STEP_MS = 15_000;

async function restartAfterPairing(sim: LinkingSimulator, first: SimClient, options: LinkOptions): Promise<SimClient> {
  const code = await first.waitForClose(options.timeoutMs ?? DEFAULT_STEP_MS);
  if (code !== DisconnectReason.restartRequired) throw new Error(`expected 515 after pairing, got ${code}`);
  const client = connectClient({ ...options, url: sim.url, auth: first.auth });
  await client.waitForOpen(options.timeoutMs ?? DEFAULT_STEP_MS);
  return client;
}

/** Fresh client → QR → the account's phone scans it → 515 → login with the new creds → open. */
export async function linkByQr(
  sim: LinkingSimulator,
  accountId: string,
  options: LinkOptions = {},
): Promise<SimClient> {
  const first = connectClient({ ...options, url: sim.url });
  const qr = await first.waitForQr(options.timeoutMs ?? DEFAULT_STEP_MS);
  await sim.scanQr(accountId, qr);
  return restartAfterPairing(sim, first, options);
}

/** Fresh client → requestPairingCode(phone) → the phone enters the code → 515 → login → open. */
export async function linkByPairingCode(
  sim: LinkingSimulator,
  accountId: string,
  phone: string,
  options: LinkOptions = {},
): Promise<SimClient> {
  const first = connectClient({ ...options, url: sim.url });
  await first.waitForQr(options.timeoutMs ?? DEFAULT_STEP_MS);
  const code = await first.sock.requestPairingCode(phone);
  await sim.enterPairingCode(accountId, code);
  return restartAfterPairing(sim, first, options);
}

/** A new socket with the same stored credentials (no QR). Resolves once it is open. */
export async function reconnect(
  sim: { readonly url: string },
  client: SimClient,
  options: LinkOptions = {},
): Promise<SimClient> {
  const next = connectClient({ ...options, url: sim.url, auth: client.auth });
  await next.waitForOpen(options.timeoutMs ?? DEFAULT_STEP_MS);
  return next;
}
