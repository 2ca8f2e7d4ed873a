import { isIP } from "node:net";

/**
 * Address classes a webhook may never reach outside local mode (SSRF): loopback, private
 * (RFC 1918, ULA), link-local (incl. cloud metadata 169.254.169.254), CGNAT, unspecified,
 * multicast and reserved ranges, and IPv4 mapped into IPv6. Pure: the DNS lookup is the
 * adapter's job.
 */
const V4_BLOCKED: Array<[string, number]> = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

function v4ToInt(ip: string): number {
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

function inV4Range(ip: string, [base, bits]: [string, number]): boolean {
  const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits);
  return (v4ToInt(ip) & mask) >>> 0 === (v4ToInt(base) & mask) >>> 0;
}

/** The 8 16-bit groups of an IPv6 address (expands ::, converts a dotted IPv4 tail). */
function v6Groups(ip: string): number[] {
  let s = ip.toLowerCase().replace(/%.*$/, "");
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4tail?.[1]) {
    const n = v4ToInt(v4tail[1]);
    s = s.slice(0, -v4tail[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.split("::") as [string, string | undefined];
  const h = head ? head.split(":").filter(Boolean) : [];
  const t = tail ? tail.split(":").filter(Boolean) : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

export function isBlockedAddress(ip: string): boolean {
  const family = isIP(ip.replace(/%.*$/, ""));
  if (family === 4) return V4_BLOCKED.some((r) => inV4Range(ip, r));
  if (family !== 6) return true; // not an address at all: refuse
  const g = v6Groups(ip);
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g6 = 0, h = 0] = g;
  const allZeroHead = a === 0 && b === 0 && c === 0 && d === 0 && e === 0;
  if (allZeroHead && f === 0 && g6 === 0 && (h === 0 || h === 1)) return true; // :: and ::1
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible: judge the IPv4 inside
  if (allZeroHead && (f === 0xffff || f === 0)) return isBlockedAddress(`${g6 >> 8}.${g6 & 255}.${h >> 8}.${h & 255}`);
  if ((a & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((a & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((a & 0xff00) === 0xff00) return true; // multicast
  if (a === 0x64 && b === 0xff9b) return true; // NAT64 can point anywhere inside
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  return false;
}
