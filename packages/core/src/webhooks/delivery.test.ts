import { describe, expect, it } from "vitest";
import { isBlockedAddress } from "./addresses";
import { DEFAULT_WEBHOOK_RETRY, SQS_MAX_VISIBILITY_SECONDS, retriesExhausted, retryDelaySeconds } from "./backoff";
import { deliveryIdFor } from "./delivery-id";
import { endpointWants } from "./dispatch";

describe("SSRF address classes", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.0.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "ff02::1",
    "64:ff9b::a00:1",
    "not-an-ip",
  ])("blocks %s", (ip) => expect(isBlockedAddress(ip)).toBe(true));

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "172.32.0.1",
    "172.15.255.255",
    "192.169.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
  ])("allows %s", (ip) => expect(isBlockedAddress(ip)).toBe(false));
});

describe("webhook retry schedule", () => {
  it("doubles from the base, stays under the cap and SQS's 12 h visibility limit", () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, DEFAULT_WEBHOOK_RETRY, mid))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(30, DEFAULT_WEBHOOK_RETRY, mid)).toBe(DEFAULT_WEBHOOK_RETRY.maxDelaySeconds);
    expect(retryDelaySeconds(30, { ...DEFAULT_WEBHOOK_RETRY, maxDelaySeconds: 10 ** 9 }, () => 1)).toBeLessThanOrEqual(
      SQS_MAX_VISIBILITY_SECONDS,
    );
  });

  it("keeps retrying for at least 24 hours by default", () => {
    expect(DEFAULT_WEBHOOK_RETRY.maxAgeSeconds).toBeGreaterThanOrEqual(24 * 3600);
    const created = "2030-01-01T00:00:00.000Z";
    expect(retriesExhausted(created, new Date("2030-01-01T23:59:59.000Z"), DEFAULT_WEBHOOK_RETRY)).toBe(false);
    expect(retriesExhausted(created, new Date("2030-01-02T01:00:00.000Z"), DEFAULT_WEBHOOK_RETRY)).toBe(true);
    // the attempts the schedule makes inside 24 h stay well under the queue's 30 receives
    let t = 0;
    let n = 0;
    while (t < 24 * 3600) t += retryDelaySeconds(++n, DEFAULT_WEBHOOK_RETRY, () => 0);
    expect(n).toBeLessThan(30);
  });
});

describe("delivery ids", () => {
  const at = new Date("2030-01-01T00:00:00.000Z");
  it("are the same for the same endpoint and event, different otherwise, and valid ids", () => {
    const a = deliveryIdFor("whk_1", "evt_1", at);
    expect(a).toMatch(/^dlv_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(deliveryIdFor("whk_1", "evt_1", at)).toBe(a);
    expect(deliveryIdFor("whk_2", "evt_1", at)).not.toBe(a);
    expect(deliveryIdFor("whk_1", "evt_2", at)).not.toBe(a);
  });
  it("sort by the event's time", () => {
    expect(deliveryIdFor("w", "e", at) < deliveryIdFor("w", "e0", new Date(at.getTime() + 1000))).toBe(true);
  });
});

describe("endpoint filters", () => {
  const e = { events: ["message.received"], sessionIds: ["ses_A"] };
  it("match event type and session", () => {
    expect(endpointWants(e as never, "message.received", "ses_A")).toBe(true);
    expect(endpointWants(e as never, "message.received", "ses_B")).toBe(false);
    expect(endpointWants(e as never, "message.status", "ses_A")).toBe(false);
    expect(endpointWants({ ...e, sessionIds: null } as never, "message.received", "ses_B")).toBe(true);
  });
});
