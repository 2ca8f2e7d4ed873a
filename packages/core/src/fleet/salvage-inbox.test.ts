import type { FleetCommand } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { newId } from "../ids";
import { InMemoryWorkerInboxes } from "../testing/in-memory-fleet";
import { inboxVisibilitySeconds, salvageInbox } from "./salvage-inbox";

const TENANT = newId("tenant");
const SESSION = newId("session");
const silent = { info: () => undefined, warn: () => undefined };

function sendCommand(sessionId: string, text: string): FleetCommand {
  return {
    id: newId("command"),
    type: "message.send_text",
    v: 1,
    tenantId: TENANT,
    sessionId,
    epoch: 1,
    at: new Date(0).toISOString(),
    data: { messageId: newId("message"), to: "+4915100000001", text },
  } as FleetCommand;
}

describe("salvaging a dead worker's inbox", () => {
  it("moves every queued command to the peer's inbox, in order, and leaves the dead inbox empty", async () => {
    const inboxes = new InMemoryWorkerInboxes();
    const dead = await inboxes.create("dead");
    const peer = await inboxes.create("peer");
    const cmds = ["a", "b", "c"].map((t) => sendCommand(SESSION, t));
    for (const c of cmds) await inboxes.forward(dead, c);

    const moved = await salvageInbox(
      { inboxes, logger: silent, workerTtlMs: 3_000, now: () => 0, waitMs: 0 },
      dead,
      peer,
    );

    expect(moved).toBe(3);
    const got = await inboxes.receiver(peer).receive({ max: 10, waitSeconds: 0 });
    expect(got.map((m) => (JSON.parse(m.body) as FleetCommand).id)).toEqual(cmds.map((c) => c.id));
    expect(await inboxes.receiver(dead).receive({ max: 10, waitSeconds: 0 })).toEqual([]);
  });

  it("moves a whole batch even when the dead inbox vanishes under it (another reaper deleted it)", async () => {
    const inboxes = new InMemoryWorkerInboxes();
    const dead = await inboxes.create("dead");
    const peer = await inboxes.create("peer");
    const cmds = ["a", "b", "c"].map((t) => sendCommand(SESSION, t));
    for (const c of cmds) await inboxes.forward(dead, c);
    const vanishing = {
      forward: inboxes.forward.bind(inboxes),
      receiver: (url: string) => {
        const real = inboxes.receiver(url);
        return {
          receive: real.receive.bind(real),
          delete: async () => {
            throw new Error("The specified queue does not exist.");
          },
        } as unknown as ReturnType<typeof inboxes.receiver>;
      },
    };

    const moved = await salvageInbox(
      { inboxes: vanishing, logger: silent, workerTtlMs: 3_000, now: () => 0, waitMs: 0 },
      dead,
      peer,
    );

    expect(moved).toBe(3);
    const got = await inboxes.receiver(peer).receive({ max: 10, waitSeconds: 0 });
    expect(got.map((m) => (JSON.parse(m.body) as FleetCommand).id)).toEqual(cmds.map((c) => c.id));
  });

  it("keeps a worker's inbox visibility under half its TTL, so taken commands return before a reap", () => {
    expect(inboxVisibilitySeconds(30_000)).toBe(15);
    expect(inboxVisibilitySeconds(3_000)).toBe(2);
    expect(inboxVisibilitySeconds(600_000)).toBe(60);
  });
});
