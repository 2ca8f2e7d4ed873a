import { isIP } from "node:net";

/**
 * Address classes an outbound call (webhooks, media URLs) may never reach outside local mode
 * (SSRF). Every IPv6 form that embeds an IPv4 address (mapped, translated, compatible, 6to4,
 * NAT64) is judged by the IPv4 inside; everything outside IPv6 global unicast is refused.
 * Pure: the DNS lookup and the pinned connection are the adapter's job.
 */
const V4_BLOCKED: Array<[string, number]> = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24],
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

function v4ToInt(ip: string): number {
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

function v4Blocked(value: number): boolean {
  return V4_BLOCKED.some(([base, bits]) => {
    const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits);
    return (value & mask) >>> 0 === (v4ToInt(base) & mask) >>> 0;
  });
}

/** The 8 16-bit groups of a valid IPv6 address (expands ::, converts a dotted IPv4 tail). */
function v6Groups(ip: string): number[] {
  let s = ip.toLowerCase();
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4tail?.[1]) {
    const n = v4ToInt(v4tail[1]);
    s = `${s.slice(0, -v4tail[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((g) => Number.parseInt(g, 16));
}

/** The IPv4 address held in two 16-bit groups. */
const v4Of = (hi: number, lo: number): number => ((hi << 16) | lo) >>> 0;

function v6Blocked(g: number[]): boolean {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, x = 0, y = 0] = g;
  const zeroHead = a === 0 && b === 0 && c === 0 && d === 0;
  if (zeroHead && e === 0 && f === 0xffff) return v4Blocked(v4Of(x, y)); // ::ffff:a.b.c.d mapped
  if (zeroHead && e === 0xffff && f === 0) return v4Blocked(v4Of(x, y)); // ::ffff:0:a.b.c.d translated
  if (zeroHead && e === 0 && f === 0) return x === 0 || v4Blocked(v4Of(x, y)); // ::, ::1, ::a.b.c.d compatible
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return v4Blocked(v4Of(x, y)); // NAT64 64:ff9b::/96
  if (a === 0x2002) return v4Blocked(v4Of(b, c)); // 6to4 2002:V4::/48
  if ((a & 0xe000) !== 0x2000) return true; // outside global unicast 2000::/3: ULA, link/site-local, multicast, local NAT64…
  if (a === 0x2001 && b === 0) return true; // Teredo: the client's IPv4 is obfuscated, the server a relay
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  if (a === 0x2001 && (b & 0xffe0) === 0x0000) return true; // 2001::/27 IETF protocol assignments (ORCHID, …)
  return false;
}

/** True when `ip` is not an address, or an address an outbound call may not reach. */
export function isBlockedAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return v4Blocked(v4ToInt(bare));
  if (family === 6) return v6Blocked(v6Groups(bare));
  return true; // not an address at all: refuse
}
