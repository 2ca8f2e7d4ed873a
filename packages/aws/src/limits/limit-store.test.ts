import { newId } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { countSdkCalls, useTestStack } from "../testing/index";
import { createLimitStore } from "./limit-store";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const calls = countSdkCalls([stack.dynamo]);
const t0 = Date.parse("2030-01-01T12:00:00.000Z");

describe("request buckets on DynamoDB", () => {
  it("a steady key pays one write per request, and a refusal needs no read", async () => {
    const store = createLimitStore(ctx);
    const bucket = `key#${newId("apiKey")}`;
    const policy = { rate: 1, burst: 5 };
    const counted: Array<Record<string, number>> = [];
    for (let i = 0; i < 6; i++) {
      calls.reset();
      const d = await store.take(bucket, policy, t0 + i);
      counted.push(calls.take());
      expect(d.allowed).toBe(i < 5);
    }
    // idle first (nothing known), then busy as this instance booked it, then full
    expect(counted).toEqual(Array.from({ length: 6 }, () => ({ UpdateItem: 1 })));
    // idle again once the bookings passed, guessed from the same knowledge
    calls.reset();
    expect((await store.take(bucket, policy, t0 + 60_000)).allowed).toBe(true);
    expect(calls.take()).toEqual({ UpdateItem: 1 });
  });

  it("two instances on one bucket never overshoot it, whatever each guesses", async () => {
    const [a, b] = [createLimitStore(ctx), createLimitStore(ctx)];
    const bucket = `key#${newId("apiKey")}`;
    const policy = { rate: 1, burst: 8 };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).take(bucket, policy, t0 + 100)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(8);
    for (const r of results.filter((x) => !x.allowed)) expect(r.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });
});
