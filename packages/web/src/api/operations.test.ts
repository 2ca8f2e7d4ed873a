import { describe, expect, it, vi } from "vitest";
import { fakeFetch, sessionId } from "../test/fakes";
import { createApi } from "./endpoints";
import { createHttpClient } from "./http";
import { operationError, STILL_WAITING, settle } from "./operations";

const S = sessionId(1);
const OP = "op_01JD8K3V7Q0000000000000001";
const GROUP = "120363025246125486@g.us";

function client(operation: () => { status: number; body?: unknown }) {
  const f = fakeFetch({
    [`POST /v1/sessions/${S}/groups`]: { status: 202, body: { operationId: OP, status: "pending" } },
    [`GET /v1/sessions/${S}/operations/${OP}`]: operation,
  });
  const api = createApi(createHttpClient({ baseUrl: "", getApiKey: () => "wharf_sk_test", fetch: f.fetch }));
  return { api, requests: f.requests };
}

const op = (patch: object) => ({
  status: 200,
  body: {
    id: OP,
    sessionId: S,
    op: "groups.create",
    status: "pending",
    result: null,
    failure: null,
    createdAt: "2026-01-01T10:00:00.000Z",
    settledAt: null,
    ...patch,
  },
});

const create = (api: ReturnType<typeof client>["api"]) =>
  api.groups.create(S, { subject: "Book club", participants: ["4917612345678"] });

describe("settling a session operation", () => {
  it("polls a 202's operation until it succeeds and returns its result, saying it waits once", async () => {
    const answers = [op({}), op({ status: "succeeded", result: { jid: GROUP } })];
    const { api, requests } = client(() => answers.shift() ?? op({}));
    const onWaiting = vi.fn();
    await expect(settle(api, S, create(api), { onWaiting, intervalMs: 1 })).resolves.toEqual({ jid: GROUP });
    expect(onWaiting).toHaveBeenCalledTimes(1);
    expect(requests.filter((r) => r.path.includes("/operations/"))).toHaveLength(2);
  });

  it("turns a failed operation's code into plain words", async () => {
    const { api } = client(() =>
      op({ status: "failed", failure: { code: "not_admin", message: "not an admin of the group" } }),
    );
    const err = await settle(api, S, create(api), { intervalMs: 1 }).catch((e: unknown) => e);
    expect(operationError(err)).toBe("Only group admins can do that.");
  });

  it("gives up with 'still waiting' when the operation never settles", async () => {
    const { api } = client(() => op({}));
    await expect(settle(api, S, create(api), { intervalMs: 1, attempts: 3 })).rejects.toThrow(STILL_WAITING);
  });
});
