import { lookup as dnsLookup } from "node:dns";
import { type IncomingHttpHeaders, type IncomingMessage, request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import type { Readable } from "node:stream";
import { isBlockedAddress } from "@wharf/core";

/** One resolution of a host name: every address, in resolver order. */
export type ResolveAll = (host: string) => Promise<Array<{ address: string; family: number }>>;

export interface PinnedHttpOptions {
  /** true only in the local runtime, where receivers run on this machine */
  allowPrivateTargets: boolean;
  /** injectable for tests; default: the system resolver */
  resolve?: ResolveAll;
}

export interface PinnedRequest {
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  /** the response body is read up to this many bytes, the rest discarded */
  maxResponseBytes?: number;
}

export interface PinnedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface PinnedStreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Readable;
}

/** Why an outbound call was not made or did not finish; `code` is stable for callers. */
export class OutboundRequestError extends Error {
  constructor(
    readonly code: "blocked_address" | "unresolvable_host" | "invalid_url" | "timeout" | "network",
    message: string,
  ) {
    super(message);
  }
}

const systemResolve: ResolveAll = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

/**
 * HTTP(S) for calls to user-supplied URLs (webhooks, media): the host is resolved once, every
 * address is checked, and the socket connects to exactly those addresses (the check and the
 * connect share one resolution, so DNS rebinding cannot slip in between). Redirects are never
 * followed: a 3xx is returned as it is.
 */
export function createPinnedHttp(opts: PinnedHttpOptions) {
  const resolve = opts.resolve ?? systemResolve;
  const refuse = (address: string) => !opts.allowPrivateTargets && isBlockedAddress(address);

  // Node calls this instead of DNS; with autoSelectFamily it asks for `all` addresses.
  const pinnedLookup: LookupFunction = (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0)
          return callback(new OutboundRequestError("unresolvable_host", `${hostname} does not resolve`), "", 4);
        if (addresses.some((a) => refuse(a.address))) {
          return callback(
            new OutboundRequestError(
              "blocked_address",
              "the host resolves to a private, loopback or link-local address",
            ),
            "",
            4,
          );
        }
        if (options.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
        const first = addresses.find((a) => !options.family || a.family === options.family) ?? addresses[0];
        return callback(null, first?.address ?? "", first?.family ?? 4);
      },
      () => callback(new OutboundRequestError("unresolvable_host", `${hostname} does not resolve`), "", 4),
    );
  };

  /**
   * Checks the URL and sends the request; `onResponse` gets the response once its head arrives.
   * The deadline covers the whole exchange (body included), not only idle sockets.
   */
  function open(rawUrl: string, req: PinnedRequest, onResponse: (res: IncomingMessage) => void): Promise<void> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return Promise.reject(new OutboundRequestError("invalid_url", "not a URL"));
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      return Promise.reject(new OutboundRequestError("invalid_url", "only http and https URLs"));
    const host = url.hostname.replace(/^\[|\]$/g, "");
    // an address literal never goes through lookup: check it here
    if (isIP(host) && refuse(host)) {
      return Promise.reject(
        new OutboundRequestError("blocked_address", "the URL points at a private, loopback or link-local address"),
      );
    }
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise<void>((resolvePromise, reject) => {
      const r = send(url, { method: req.method, headers: req.headers, lookup: pinnedLookup, timeout: req.timeoutMs });
      let response: IncomingMessage | null = null;
      r.on("response", (res) => {
        response = res;
        resolvePromise();
        onResponse(res);
      });
      const deadline = setTimeout(
        () => r.destroy(new OutboundRequestError("timeout", `no answer within ${req.timeoutMs} ms`)),
        req.timeoutMs,
      );
      r.on("close", () => clearTimeout(deadline));
      r.on("timeout", () => r.destroy(new OutboundRequestError("timeout", `no answer within ${req.timeoutMs} ms`)));
      r.on("error", (err) => {
        clearTimeout(deadline);
        const e =
          err instanceof OutboundRequestError
            ? err
            : new OutboundRequestError("network", (err as NodeJS.ErrnoException).code ?? err.message);
        // past the head, the failure is the body's
        if (response) response.destroy(e);
        else reject(e);
      });
      r.end(req.body);
    });
  }

  return {
    request(rawUrl: string, req: PinnedRequest): Promise<PinnedResponse> {
      const limit = req.maxResponseBytes ?? 64 * 1024;
      return new Promise<PinnedResponse>((resolvePromise, reject) => {
        open(rawUrl, req, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            if (size < limit) chunks.push(chunk.subarray(0, limit - size));
            size += chunk.length;
          });
          res.on("end", () =>
            resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on("error", (err) =>
            reject(err instanceof OutboundRequestError ? err : new OutboundRequestError("network", err.message)),
          );
        }).catch(reject);
      });
    },

    /**
     * The response with its body unread, as a stream (large files are never held whole). The
     * body fails with an OutboundRequestError if the deadline passes before it is read to its
     * end; the caller reads it or destroys it.
     */
    async stream(rawUrl: string, req: Omit<PinnedRequest, "maxResponseBytes">): Promise<PinnedStreamResponse> {
      let response!: IncomingMessage;
      await open(rawUrl, req, (res) => {
        response = res;
      });
      return { status: response.statusCode ?? 0, headers: response.headers, body: response };
    },
  };
}

export type PinnedHttp = ReturnType<typeof createPinnedHttp>;
