import { ERROR_CODES, type ErrorCode, type FieldIssue } from "@wharf/contracts";

/** Codes the client adds for failures that never reached (or never came back from) the API. */
export type ClientErrorCode = "network_error" | "bad_response";

/** Every failed API call rejects with this: the server's `{error:{code,message,details}}` or a client-side cause. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly details: FieldIssue[] = [],
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  /** The endpoint is not deployed yet (or not in this mode): the UI degrades instead of failing. */
  get isUnavailable(): boolean {
    return (this.status === 404 && this.code === "route_not_found") || this.status === 405 || this.status === 501;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** True when `err` says the endpoint does not exist on this server. */
export function isUnavailable(err: unknown): boolean {
  return isApiError(err) && err.isUnavailable;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send without the stored key (sign-in probes with the candidate key instead). */
  apiKey?: string;
}

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface HttpClient {
  request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T>;
}

export interface HttpClientOptions {
  baseUrl: string;
  getApiKey: () => string | null;
  /** Called when a request made with the stored key answers 401 (revoked or expired key). */
  onUnauthorized?: (err: ApiError) => void;
  fetch?: typeof fetch;
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);

function buildUrl(baseUrl: string, path: string, query: RequestOptions["query"]): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const qs = params.toString();
  return `${baseUrl}${path}${qs ? `?${qs}` : ""}`;
}

/** Turns a non-2xx response into an ApiError, whatever its body looks like. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const retryAfter = Number(res.headers.get("retry-after"));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's HTML page, an empty 502): fall through to the generic message
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (err && typeof err.code === "string" && typeof err.message === "string") {
    const code = KNOWN_CODES.has(err.code) ? (err.code as ErrorCode) : "internal";
    const details = Array.isArray(err.details) ? (err.details as FieldIssue[]) : [];
    return new ApiError(res.status, code, err.message, details, retryAfterSeconds);
  }
  const code: ErrorCode = res.status === 404 ? "route_not_found" : res.status === 401 ? "unauthorized" : "internal";
  return new ApiError(
    res.status,
    code,
    `the server answered ${res.status} ${res.statusText}`.trim(),
    [],
    retryAfterSeconds,
  );
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    async request<T>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<T> {
      const key = opts.apiKey ?? options.getApiKey();
      const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
      if (key) headers.Authorization = `Bearer ${key}`;
      if (opts.body !== undefined) headers["Content-Type"] = "application/json";
      let res: Response;
      try {
        res = await doFetch(buildUrl(options.baseUrl, path, opts.query), {
          method,
          headers,
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
          signal: opts.signal,
        });
      } catch (cause) {
        if (opts.signal?.aborted) throw cause;
        throw new ApiError(
          0,
          "network_error",
          "Can't reach the Wharf API. Check your connection and that the server is running.",
        );
      }
      if (!res.ok) {
        const err = await errorFromResponse(res);
        if (err.status === 401 && opts.apiKey === undefined) options.onUnauthorized?.(err);
        throw err;
      }
      if (res.status === 204) return undefined as T;
      try {
        return (await res.json()) as T;
      } catch {
        throw new ApiError(res.status, "bad_response", "The server sent a response the dashboard could not read.");
      }
    },
  };
}

/** One line for people: the server's message, plus the first field issue when there is one. */
export function describeError(err: unknown): string {
  if (isApiError(err)) {
    const first = err.details[0];
    const field = first ? ` (${first.path.replace(/^body\./, "")}: ${first.message})` : "";
    if (err.code === "rate_limited" && err.retryAfterSeconds) {
      return `${capitalize(err.message)}. Try again in ${err.retryAfterSeconds} s.`;
    }
    return `${capitalize(err.message)}${field}`;
  }
  if (err instanceof Error) return err.message;
  return "Something went wrong.";
}

function capitalize(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}
