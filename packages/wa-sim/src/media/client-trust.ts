import { Agent as HttpsAgent } from "node:https";
import { Agent as UndiciAgent } from "undici";
import { simulatorMediaCaPem } from "./certificates";

/**
 * Client side of the simulator's media host. Baileys rc14 makes media requests two ways:
 * - uploads (`getWAUploadToServer`) go through node:https with the socket option `fetchAgent` as
 *   the request's agent;
 * - downloads (`downloadMediaMessage` / `downloadContentFromMessage`) go through the global
 *   `fetch` with `dispatcher` taken from the download call's `options`.
 * Both agents below trust exactly one CA, the simulator's (not the public roots), so a process
 * that uses them reaches the simulator's media host and nothing else with them. Production code
 * never imports this module; sim-mode processes do, like `@wharf/wa-sim/trust`.
 */
export interface SimulatorMediaTrust {
  /** The simulator's media CA certificate (PEM). */
  ca: string;
  /** Baileys socket option `fetchAgent` (uploads). */
  fetchAgent: HttpsAgent;
  /** undici dispatcher for Baileys' downloads: `downloadMediaMessage(m, "buffer", { options: { dispatcher } })`. */
  dispatcher: UndiciAgent;
  /** The third argument of `downloadMediaMessage` / `downloadContentFromMessage`, ready made. */
  downloadOptions: { options: RequestInit };
  /** Closes both agents' pooled connections. */
  close(): Promise<void>;
}

/** Agents that trust only the simulator's media CA (the default seed's, or the PEM given). */
export function simulatorMediaTrust(ca: string = simulatorMediaCaPem()): SimulatorMediaTrust {
  const fetchAgent = new HttpsAgent({ ca });
  const dispatcher = new UndiciAgent({ connect: { ca } });
  return {
    ca,
    fetchAgent,
    dispatcher,
    // Node's global fetch accepts any undici Dispatcher; its RequestInit type names an older one.
    downloadOptions: { options: { dispatcher } as unknown as RequestInit },
    close: async () => {
      fetchAgent.destroy();
      await dispatcher.close();
    },
  };
}
