import { OutboundRequestError, type PinnedHttpOptions, createPinnedHttp } from "@wharf/aws";
import type { TransportResult, WebhookTransport } from "@wharf/core";

/**
 * POSTs a webhook through the pinned outbound client: the receiver's host is resolved once,
 * checked by the SSRF guard and connected to at exactly the checked addresses; a hard timeout;
 * no redirects (a 3xx is a failed attempt: following it could lead past the guard).
 */
export function createHttpTransport(opts: PinnedHttpOptions): WebhookTransport {
  const http = createPinnedHttp(opts);
  return {
    async post(url, body, headers, timeoutMs): Promise<TransportResult> {
      try {
        const res = await http.request(url, { method: "POST", body, headers, timeoutMs, maxResponseBytes: 4096 });
        if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
        return { ok: false, status: res.status, error: `the endpoint answered HTTP ${res.status}` };
      } catch (err) {
        if (err instanceof OutboundRequestError) {
          const reason =
            err.code === "timeout"
              ? err.message
              : err.code === "blocked_address"
                ? `refused: ${err.message}`
                : `request failed: ${err.message}`;
          return { ok: false, status: null, error: reason };
        }
        return { ok: false, status: null, error: `request failed: ${(err as Error).message ?? "unknown error"}` };
      }
    },
  };
}
