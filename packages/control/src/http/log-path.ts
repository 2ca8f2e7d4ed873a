/**
 * The request path as access logs may show it: a segment that is a phone number or a JID
 * (`4915112345678`, `+49…`, `…@s.whatsapp.net`, a group's `120363…@g.us`) keeps only its last
 * two digits, so logs can still tell requests apart without carrying anyone's number.
 */
export function pathForLogs(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      let plain = segment;
      try {
        plain = decodeURIComponent(segment);
      } catch {
        // a malformed escape is logged as sent; it cannot be a number we would mask anyway
      }
      const [local = "", domain] = plain.split("@", 2);
      const digits = local.replace(/[\s+()-]/g, "");
      if (domain === undefined && !/^\d{6,}$/.test(digits)) return segment;
      if (domain !== undefined && !/^[\d:.]+$/.test(digits)) return `…@${domain}`; // a JID whose user part is a name
      return `…${digits.slice(-2)}${domain === undefined ? "" : `@${domain}`}`;
    })
    .join("/");
}
