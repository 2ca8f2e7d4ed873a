import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { ValidationError, isBlockedAddress, type UrlGuard } from "@wharf/core";

export interface UrlGuardOptions {
  /** true only in the local runtime, where receivers run on this machine */
  allowPrivateTargets: boolean;
  /** injectable for tests; default: the system resolver, every address */
  resolve?: (host: string) => Promise<string[]>;
}

const systemResolve = async (host: string) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * SSRF guard (DESIGN §5): a webhook URL must be http(s) without credentials, and outside
 * local mode every address its host resolves to must be public. Checked when the endpoint
 * is created and again before every attempt (DNS can change in between).
 */
export function createUrlGuard(opts: UrlGuardOptions): UrlGuard {
  const resolve = opts.resolve ?? systemResolve;
  return {
    async check(raw, field) {
      const refuse = (message: string, code: string) =>
        new ValidationError(`webhook URL refused: ${message}`, [{ path: field, message, code }]);
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw refuse("not a URL", "invalid_url");
      }
      if (url.protocol !== "http:" && url.protocol !== "https:")
        throw refuse("only http and https URLs", "invalid_scheme");
      if (url.username || url.password) throw refuse("credentials in the URL are not allowed", "credentials_in_url");
      if (opts.allowPrivateTargets) return;
      const host = url.hostname.replace(/^\[|\]$/g, "");
      let addresses: string[];
      try {
        addresses = isIP(host) ? [host] : await resolve(host);
      } catch {
        throw refuse(`the host ${host} does not resolve`, "unresolvable_host");
      }
      if (addresses.length === 0) throw refuse(`the host ${host} does not resolve`, "unresolvable_host");
      if (addresses.some(isBlockedAddress))
        throw refuse("it points at a private, loopback or link-local address", "private_address");
    },
  };
}
