import type { FleetCommand, PlacementMessage } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import type { SessionRecord } from "../sessions/ports";
import { buildCommand, buildPlacement, withRequestId } from "./commands";
import type { CommandRouter } from "./ports";

const session = {
  tenantId: "ten_01JGZ8X7Y3M4N5P6Q7R8S9T0VW",
  id: "ses_01JGZ8X7Y3M4N5P6Q7R8S9T0VW",
  lease: { owner: null, epoch: 2, leaseUntil: null },
} as unknown as SessionRecord;
const now = new Date("2030-01-01T00:00:00.000Z");

function recordingRouter(owned: boolean) {
  const sent: Array<FleetCommand | PlacementMessage> = [];
  const router: CommandRouter = {
    toOwner: async (_s, command) => {
      if (owned) sent.push(command);
      return owned;
    },
    place: async (message) => void sent.push(message),
  };
  return { sent, router };
}

describe("withRequestId", () => {
  it("stamps the request id on every command and placement the request sends", async () => {
    const { sent, router } = recordingRouter(true);
    const traced = withRequestId(router, "req-42");
    expect(await traced.toOwner(session, buildCommand("session.disconnect", session, {}, now), now)).toBe(true);
    await traced.place(buildPlacement(session, "connect", now, { method: "qr" }));
    expect(sent.map((m) => [m.type, m.requestId])).toEqual([
      ["session.disconnect", "req-42"],
      ["session.place", "req-42"],
    ]);
  });

  it("passes the owner's answer through and leaves the router alone without an id", async () => {
    const { router } = recordingRouter(false);
    expect(
      await withRequestId(router, "req-43").toOwner(session, buildCommand("session.logout", session, {}, now), now),
    ).toBe(false);
    expect(withRequestId(router, undefined)).toBe(router);
  });
});
