import type { TransportResult, WebhookTransport } from "@wharf/core";

/**
 * POSTs a webhook with the global fetch: a hard timeout (AbortSignal), no redirects (a 3xx
 * is a failed attempt: following it could lead past the SSRF guard), the response body
 * read and dropped so the connection is released.
 */
export function createHttpTransport(): WebhookTransport {
  return {
    async post(url, body, headers, timeoutMs): Promise<TransportResult> {
      try {
        const res = await fetch(url, { method: "POST", body, headers, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer().catch(() => undefined);
        if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
        return { ok: false, status: res.status, error: `the endpoint answered HTTP ${res.status}` };
      } catch (err) {
        const e = err as { name?: string; message?: string; cause?: { code?: string } };
        const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
        return { ok: false, status: null, error: timedOut ? `no answer within ${timeoutMs} ms` : `request failed: ${e.cause?.code ?? e.message ?? "unknown error"}` };
      }
    },
  };
}
