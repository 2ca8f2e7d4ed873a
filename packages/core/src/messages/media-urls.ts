import { isIP } from "node:net";
import { ValidationError } from "../errors";
import { isBlockedAddress } from "../webhooks/addresses";

/**
 * The SSRF checks a media URL can pass without a DNS lookup, made when the send is accepted:
 * https, no credentials, not a loopback name, and a literal address must be public. The
 * worker resolves the host and pins a public address before it fetches (the same guard as
 * webhooks); this only refuses early what can never pass.
 */
export function checkMediaUrl(raw: string, path: string, allowPrivateTargets: boolean): void {
  const refuse = (message: string, code: string) =>
    new ValidationError(`media URL refused: ${message}`, [{ path, message, code }]);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("not a URL", "invalid_url");
  }
  if (url.protocol !== "https:") throw refuse("only https URLs", "invalid_scheme");
  if (url.username || url.password) throw refuse("credentials in the URL are not allowed", "credentials_in_url");
  if (allowPrivateTargets) return;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const loopbackName = host === "localhost" || host.endsWith(".localhost");
  if (loopbackName || (isIP(host) !== 0 && isBlockedAddress(host)))
    throw refuse("it points at a private, loopback or link-local address", "private_address");
}
