import { Agent as HttpsAgent } from "node:https";
import { Agent as UndiciAgent } from "undici";

/**
 * WhatsApp's media hosts as this worker reaches them. Baileys uploads through node:https with
 * the socket's `fetchAgent`, and downloads through the global fetch with the download call's
 * `dispatcher`. Given a CA (a stand-in server such as the simulator), both trust that CA and
 * nothing else; without one, both are Node's defaults (the public roots).
 */
export interface MediaTrust {
  /** Baileys socket option `fetchAgent`; undefined: Node's default agent */
  fetchAgent: HttpsAgent | undefined;
  /** the third argument of Baileys' downloads */
  downloadOptions: { options?: RequestInit };
  close(): Promise<void>;
}

export function createMediaTrust(caPem: string | null): MediaTrust {
  if (!caPem) return { fetchAgent: undefined, downloadOptions: {}, close: async () => undefined };
  const fetchAgent = new HttpsAgent({ ca: caPem });
  const dispatcher = new UndiciAgent({ connect: { ca: caPem } });
  return {
    fetchAgent,
    // Node's fetch takes any undici Dispatcher; its RequestInit type names an older one
    downloadOptions: { options: { dispatcher } as unknown as RequestInit },
    close: async () => {
      fetchAgent.destroy();
      await dispatcher.close();
    },
  };
}
