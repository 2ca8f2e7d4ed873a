import { newId } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { describe, expect, it } from "vitest";
import { createSessionStore } from "./session-store";
import { useTestStack } from "../testing/index";
import { createFleetViewSource } from "./fleet-view-source";
import { createSessionCensus } from "./session-census";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };

describe("session census and the fleet view's counts (DynamoDB, no Scan)", () => {
  it("counts every session by status, wanted or idle, and the fleet view serves the stored summary", async () => {
    const census = createSessionCensus(ctx);
    const before = await census.refresh(new Date());
    const sessions = createSessionStore(ctx);
    const t = newId("tenant");
    await sessions.create(sessionRecord(t, { status: "pairing", desiredState: "connected" }));
    await sessions.create(sessionRecord(t, { status: "pairing", desiredState: "disconnected" }));
    await sessions.create(sessionRecord(t, { status: "logged_out", desiredState: "disconnected" }));

    const after = await census.refresh(new Date());
    expect(after.pairing ?? 0).toBeGreaterThanOrEqual((before.pairing ?? 0) + 2);
    expect(after.logged_out ?? 0).toBeGreaterThanOrEqual((before.logged_out ?? 0) + 1);
    expect(await createFleetViewSource(ctx).sessionCountsByStatus()).toEqual(after);
  });
});
