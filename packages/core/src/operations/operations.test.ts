import type { OperationCompletedEvent } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { WharfError } from "../errors";
import { newId } from "../ids";
import { sessionRecord, tenantRecord } from "../testing/fixtures";
import { InMemoryOperationStore } from "../testing/in-memory-operations";
import { InMemoryCommandRouter } from "../testing/in-memory-session-control";
import { InMemorySessionStore } from "../testing/in-memory-sessions";
import { applyOperationCompleted } from "./apply-completed";
import { getOperation, runOperation, type OperationDeps } from "./operations";

const AT = "2030-01-01T00:00:00.000Z";

async function setup(status: "open" | "disconnected" = "open", owner: string | null = "wrk_A") {
  const clock = fixedClock(AT);
  const sessions = new InMemorySessionStore();
  const commands = new InMemoryCommandRouter();
  commands.liveOwners.add("wrk_A");
  const operations = new InMemoryOperationStore();
  const tenant = tenantRecord();
  const session = sessionRecord(tenant.id, { status, lease: { owner, epoch: 3, leaseUntil: null } });
  await sessions.create(session);
  const deps: OperationDeps = { sessions, operations, commands, clock, waitMs: 2_000, timeoutMs: 60_000 };
  return { deps, tenant, session, commands, operations, clock };
}

function completion(
  cmd: { tenantId: string; sessionId: string; data: { operationId: string } },
  outcome: OperationCompletedEvent["data"]["outcome"],
): OperationCompletedEvent {
  return {
    id: newId("event") as never,
    type: "operation.completed",
    v: 1,
    tenantId: cmd.tenantId as never,
    sessionId: cmd.sessionId as never,
    epoch: 3,
    at: AT,
    data: { operationId: cmd.data.operationId as never, op: "contacts.blocklist", outcome } as never,
  };
}

/** Answers the next command as the owner would, through the events consumer's write. */
function answer(s: Awaited<ReturnType<typeof setup>>, outcome: OperationCompletedEvent["data"]["outcome"]) {
  const timer = setInterval(() => {
    const sent = s.commands.sent.shift();
    if (!sent) return;
    clearInterval(timer);
    void applyOperationCompleted(s.operations, completion(sent.command as never, outcome), AT);
  }, 5);
}

async function errorOf(p: Promise<unknown>): Promise<WharfError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WharfError);
  return err as WharfError;
}

describe("session operations", () => {
  it("sends one session.operation to the owner and answers with the owner's result", async () => {
    const s = await setup();
    answer(s, { ok: true, result: { jids: ["491510000001@s.whatsapp.net"] } });
    const res = await runOperation(s.deps, s.tenant.id, s.session.id, "contacts.blocklist", {});
    expect(res).toMatchObject({ status: "succeeded", result: { jids: ["491510000001@s.whatsapp.net"] } });
    const op = await getOperation(s.deps, s.tenant.id, s.session.id, res.operationId);
    expect(op).toMatchObject({ status: "succeeded", op: "contacts.blocklist", failure: null });
  });

  it("turns the owner's failure word into the API error with the word in the details", async () => {
    const s = await setup();
    answer(s, { ok: false, code: "not_on_whatsapp", message: "no account" });
    const err = await errorOf(
      runOperation(s.deps, s.tenant.id, s.session.id, "contacts.get", { jid: "1@s.whatsapp.net" }),
    );
    expect(err.code).toBe("not_found");
    expect(err.details?.[0]?.code).toBe("not_on_whatsapp");
  });

  it("refuses a session that is not open with 409 session_not_open and sends nothing", async () => {
    const s = await setup("disconnected");
    const err = await errorOf(runOperation(s.deps, s.tenant.id, s.session.id, "contacts.blocklist", {}));
    expect([err.code, err.details?.[0]?.code]).toEqual(["invalid_state", "session_not_open"]);
    expect(s.commands.sent).toHaveLength(0);
  });

  it("refuses an open session without a live owner, and the record ends failed", async () => {
    const s = await setup("open", "wrk_DEAD");
    const err = await errorOf(runOperation(s.deps, s.tenant.id, s.session.id, "contacts.blocklist", {}));
    expect(err.details?.[0]?.code).toBe("session_not_open");
    const [record] = [...s.operations.records.values()];
    expect(record?.status).toBe("failed");
  });

  it("is a 404 for another tenant's session", async () => {
    const s = await setup();
    const err = await errorOf(runOperation(s.deps, tenantRecord().id, s.session.id, "contacts.blocklist", {}));
    expect(err.code).toBe("not_found");
  });

  it("answers pending when the wait runs out, then operation_timeout once past the deadline", async () => {
    const s = await setup();
    s.deps.waitMs = 20;
    const res = await runOperation(s.deps, s.tenant.id, s.session.id, "contacts.blocklist", {});
    expect(res.status).toBe("pending");
    expect((await getOperation(s.deps, s.tenant.id, s.session.id, res.operationId)).status).toBe("pending");
    s.clock.advance(60_000);
    const op = await getOperation(s.deps, s.tenant.id, s.session.id, res.operationId);
    expect(op).toMatchObject({ status: "failed", failure: { code: "operation_timeout" } });
    // the late answer changes nothing
    const sent = s.commands.sent[0]?.command as never;
    expect(await applyOperationCompleted(s.operations, completion(sent, { ok: true, result: { jids: [] } }), AT)).toBe(
      "ignored",
    );
  });
});
