/**
 * Where the API and the realtime WebSocket live. Read once at start-up from Vite's build-time
 * env: the local runtime serves the dashboard from the API's own origin (both unset), the SST
 * StaticSite bakes in VITE_API_URL and VITE_WS_URL.
 */
export interface WebConfig {
  /** Base URL of the REST API without a trailing slash; "" means same origin. */
  apiUrl: string;
  /** Realtime WebSocket URL when configured; the token response may also name one. */
  wsUrl: string | null;
}

type Env = Partial<Record<"VITE_API_URL" | "VITE_WS_URL", string | undefined>>;

function clean(value: string | undefined): string {
  return (value ?? "").trim().replace(/\/+$/, "");
}

export function readConfig(env: Env): WebConfig {
  const wsUrl = clean(env.VITE_WS_URL);
  return { apiUrl: clean(env.VITE_API_URL), wsUrl: wsUrl === "" ? null : wsUrl };
}

/** Same-origin fallback for the WebSocket: ws(s)://<host>/v1/realtime. */
export function sameOriginWsUrl(location: Pick<Location, "protocol" | "host">): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/v1/realtime`;
}
