import { ValidationError } from "@wharf/core";
import { apiKeyRecord, sessionRecord } from "@wharf/core/testing";
import { describe, expect, it } from "vitest";
import { toApiKey, toPage, toSession } from "./mappers";

describe("record → REST mappers", () => {
  it("an API key never carries its hash", () => {
    const key = apiKeyRecord("ten_01JD0000000000000000000000");
    const rest = toApiKey(key);
    expect(rest).not.toHaveProperty("hash");
    expect(JSON.stringify(rest)).not.toContain(key.hash);
  });

  it("a session exposes the lease owner only while the lease holds, and never epoch or expiry", () => {
    const now = new Date("2025-01-01T00:00:00.000Z");
    const held = sessionRecord("ten_01JD0000000000000000000000", {
      lease: { owner: "wrk_01JD0000000000000000000000", epoch: 4, leaseUntil: "2025-01-01T00:00:30.000Z" },
    });
    const expired = sessionRecord("ten_01JD0000000000000000000000", {
      lease: { owner: "wrk_01JD0000000000000000000000", epoch: 4, leaseUntil: "2024-12-31T23:59:59.000Z" },
    });
    expect(toSession(held, now).owner).toBe("wrk_01JD0000000000000000000000");
    expect(toSession(expired, now).owner).toBeNull();
    expect(toSession(held, now)).not.toHaveProperty("lease");
    expect(JSON.stringify(toSession(held, now))).not.toContain("epoch");
  });

  it("pins store validation failures to the query string", async () => {
    const bare = Promise.reject(new ValidationError("invalid cursor"));
    await expect(toPage(bare, (x) => x)).rejects.toMatchObject({ details: [{ path: "query.cursor" }] });
    const withPath = Promise.reject(new ValidationError("bad", [{ path: "limit", message: "too big" }]));
    await expect(toPage(withPath, (x) => x)).rejects.toMatchObject({ details: [{ path: "query.limit" }] });
    const already = Promise.reject(new ValidationError("bad", [{ path: "query.cursor", message: "no" }]));
    await expect(toPage(already, (x) => x)).rejects.toMatchObject({ details: [{ path: "query.cursor" }] });
  });
});

describe("a session's owner under heartbeat leases", () => {
  const now = new Date("2025-01-01T00:00:00.000Z");
  const owner = "wrk_01JD0000000000000000000000";
  // a fleet worker's lease carries no expiry: its heartbeat keeps it
  const heartbeatLease = sessionRecord("ten_01JD0000000000000000000000", {
    lease: { owner, epoch: 4, leaseUntil: null },
  });

  it("shows the owner while the owner heart-beats", () => {
    expect(toSession(heartbeatLease, now, (id) => id === owner).owner).toBe(owner);
  });

  it("shows no owner once the owner's heartbeat lapsed", () => {
    expect(toSession(heartbeatLease, now, () => false).owner).toBeNull();
    expect(toSession(heartbeatLease, now).owner).toBeNull();
  });
});
