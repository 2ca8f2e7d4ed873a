import { describe, expect, it } from "vitest";
import { isBlockedAddress } from "./addresses";

// Every form a URL or a resolver can hand over; each row says why it is (or is not) refused.
const BLOCKED: Array<[string, string]> = [
  ["127.0.0.1", "loopback"],
  ["10.1.2.3", "RFC 1918"],
  ["172.16.0.1", "RFC 1918"],
  ["192.168.1.1", "RFC 1918"],
  ["169.254.169.254", "cloud metadata (link-local)"],
  ["100.64.0.1", "CGNAT"],
  ["0.0.0.0", "unspecified"],
  ["192.88.99.1", "6to4 relay anycast"],
  ["198.18.0.1", "benchmarking"],
  ["224.0.0.1", "multicast"],
  ["255.255.255.255", "broadcast"],
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["[::1]", "bracketed loopback"],
  ["::ffff:127.0.0.1", "IPv4-mapped loopback, dotted"],
  ["::ffff:7f00:1", "IPv4-mapped loopback, hex"],
  ["::ffff:0:127.0.0.1", "IPv4-translated loopback"],
  ["::ffff:0:7f00:1", "IPv4-translated loopback, hex (as WHATWG URL prints it)"],
  ["::127.0.0.1", "IPv4-compatible loopback"],
  ["::a9fe:a9fe", "IPv4-compatible metadata"],
  ["2002:7f00:1::", "6to4 of 127.0.0.1"],
  ["2002:a9fe:a9fe::", "6to4 of 169.254.169.254"],
  ["2002:0a00:0001::1", "6to4 of 10.0.0.1"],
  ["64:ff9b::127.0.0.1", "NAT64 of loopback"],
  ["64:ff9b::a00:1", "NAT64 of 10.0.0.1"],
  ["64:ff9b:1::808:808", "local-use NAT64 (64:ff9b:1::/48)"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"],
  ["2001::1", "Teredo prefix"],
  ["2001:10::1", "ORCHID"],
  ["2001:db8::1", "documentation"],
  ["fec0::1", "site-local"],
  ["fc00::1", "unique local"],
  ["fd12:3456::1", "unique local"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local with zone"],
  ["ff02::1", "multicast"],
  ["100::1", "discard-only"],
  ["::2", "reserved"],
  ["not-an-ip", "not an address"],
  ["127.1", "short IPv4 form (never an address here: URLs normalise it first)"],
  ["2130706433", "decimal IPv4 form (likewise)"],
  ["", "empty"],
];

const ALLOWED = [
  "93.184.216.34",
  "8.8.8.8",
  "172.32.0.1",
  "172.15.255.255",
  "192.169.0.1",
  "2606:4700:4700::1111",
  "::ffff:8.8.8.8",
  "::ffff:0:8.8.8.8",
  "2002:808:808::1",
  "64:ff9b::8.8.8.8",
  "2a00:1450:4001:80b::200e",
];

describe("SSRF address classes", () => {
  it.each(BLOCKED)("refuses %s (%s)", (ip) => expect(isBlockedAddress(ip)).toBe(true));
  it.each(ALLOWED)("allows the public address %s", (ip) => expect(isBlockedAddress(ip)).toBe(false));
});
