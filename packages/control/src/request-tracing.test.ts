import type { FleetCommand, PlacementMessage } from "@wharf/contracts";
import type { CommandRouter } from "@wharf/core";
import { createInMemoryStores } from "@wharf/core/testing";
import { describe, expect, it } from "vitest";
import type { DataPathDeps } from "./env";
import { createFakeDataPath } from "./testing/fake-data-path";
import { newTenant } from "./testing/expectations";
import { createHarness } from "./testing/harness";

/**
 * Request ids travel (DESIGN §12): whatever a route enqueues for the fleet, a command for the
 * session's owner or a placement, carries the id of the request that asked for it.
 */
function setup(ownerLive: boolean) {
  const repos = createInMemoryStores();
  const fake = createFakeDataPath();
  const sent: Array<FleetCommand | PlacementMessage> = [];
  const commands: CommandRouter = {
    toOwner: async (_session, command) => {
      if (ownerLive) sent.push(command);
      return ownerLive;
    },
    place: async (message) => void sent.push(message),
  };
  const data: DataPathDeps = {
    ...fake.data,
    commands,
    links: { get: async () => null, set: async () => undefined, clear: async () => undefined },
    authState: { clear: async () => undefined },
    // just enough of the send path's stores: the message is recorded, pacing allows it
    messages: { recordOutbound: async () => undefined } as unknown as DataPathDeps["messages"],
    pacing: { take: async () => ({ allowed: true }) } as unknown as DataPathDeps["pacing"],
  };
  const h = createHarness(repos, { data });
  return { h, repos, sent };
}

describe("request ids on what routes enqueue", () => {
  it("puts the caller's x-request-id on the placement a connect sends", async () => {
    const { h, sent } = setup(false);
    const t = await newTenant(h, "trace-connect");
    const id = (await h.call("POST", "/v1/sessions", { key: t.key, json: { name: "s" } })).body.id;
    const res = await h.call("POST", `/v1/sessions/${id}/connect`, {
      key: t.key,
      json: { method: "qr" },
      headers: { "x-request-id": "req-connect-1" },
    });
    expect(res.status).toBe(202);
    expect(sent).toEqual([
      expect.objectContaining({ type: "session.place", sessionId: id, requestId: "req-connect-1" }),
    ]);
  });

  it("puts the generated request id on the command a disconnect sends to the owner", async () => {
    const { h, sent } = setup(true);
    const t = await newTenant(h, "trace-disconnect");
    const id = (await h.call("POST", "/v1/sessions", { key: t.key, json: { name: "s" } })).body.id;
    await h.call("POST", `/v1/sessions/${id}/connect`, { key: t.key, json: { method: "qr" } });
    const res = await h.call("POST", `/v1/sessions/${id}/disconnect`, { key: t.key });
    expect(res.status).toBe(202);
    const generated = res.headers.get("x-request-id");
    expect(generated).toBeTruthy();
    expect(sent.at(-1)).toMatchObject({ type: "session.disconnect", requestId: generated });
    // each request its own id
    expect(sent[0]!.requestId).not.toBe(generated);
  });

  it("puts the request id on the send command", async () => {
    const { h, repos, sent } = setup(true);
    const t = await newTenant(h, "trace-send");
    const id = (await h.call("POST", "/v1/sessions", { key: t.key, json: { name: "s" } })).body.id;
    const session = (await repos.sessions.get(t.id, id))!;
    await repos.sessions.update(t.id, id, { status: "open", updatedAt: session.updatedAt });
    const res = await h.call("POST", `/v1/sessions/${id}/messages`, {
      key: t.key,
      json: { to: "+4915112345678", type: "text", text: "hi" },
      headers: { "x-request-id": "req-send-9" },
    });
    expect(res.status).toBe(202);
    expect(sent).toEqual([
      expect.objectContaining({
        type: "message.send_text",
        requestId: "req-send-9",
        data: expect.objectContaining({ messageId: res.body.id }),
      }),
    ]);
    // the worker's log line and the events it emits pick the id up from here (fleet tests)
    const queued = h
      .logLines()
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === "message queued");
    expect(queued).toMatchObject({ requestId: "req-send-9", messageId: res.body.id });
  });
});
