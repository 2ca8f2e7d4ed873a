import type { WASocket } from "@whiskeysockets/baileys";
import type { FleetEvent, SessionOperationCommand } from "@wharf/contracts";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { FleetEventInput } from "../message-events";
import { operationFailureOf } from "./errors";
import { runSessionOperation } from "./registry";

const cmd = (op: string, params: unknown): SessionOperationCommand =>
  ({
    id: "cmd_01JGZ8X7Y3M4N5P6Q7R8S9T0VW",
    type: "session.operation",
    v: 1,
    tenantId: "ten_01JGZ8X7Y3M4N5P6Q7R8S9T0VW",
    sessionId: "ses_01JGZ8X7Y3M4N5P6Q7R8S9T0VW",
    epoch: 1,
    at: "2030-01-01T00:00:00.000Z",
    data: { operationId: "op_01JGZ8X7Y3M4N5P6Q7R8S9T0VW", op, params },
  }) as SessionOperationCommand;

/** Runs one op on a fake socket and returns the published outcome. */
async function run(
  sock: Partial<WASocket> | null,
  op: string,
  params: unknown,
  opts: { open?: boolean; timeoutMs?: number } = {},
) {
  const events: FleetEventInput[] = [];
  await runSessionOperation(
    {
      socket: () => sock as WASocket | null,
      isOpen: () => opts.open ?? true,
      emit: (e) => void events.push(e),
      logger: pino({ level: "silent" }),
      timeoutMs: opts.timeoutMs,
    },
    cmd(op, params),
  );
  expect(events).toHaveLength(1);
  return (events[0]!.data as Extract<FleetEvent, { type: "operation.completed" }>["data"]).outcome;
}

describe("running a session operation", () => {
  it("publishes the handler's result when it matches the op's schema", async () => {
    const sock = { fetchBlocklist: async () => ["4915100000001@s.whatsapp.net"] };
    expect(await run(sock, "contacts.blocklist", {})).toEqual({
      ok: true,
      result: { jids: ["4915100000001@s.whatsapp.net"] },
    });
  });

  it("fails session_not_open without a socket or while not open, calling nothing", async () => {
    let called = false;
    const sock = {
      fetchBlocklist: async () => {
        called = true;
        return [];
      },
    };
    expect(await run(null, "contacts.blocklist", {})).toMatchObject({ ok: false, code: "session_not_open" });
    expect(await run(sock, "contacts.blocklist", {}, { open: false })).toMatchObject({ code: "session_not_open" });
    expect(called).toBe(false);
  });

  it("fails operation_timeout when WhatsApp never answers", async () => {
    const sock = { fetchBlocklist: () => new Promise<string[]>(() => undefined) };
    expect(await run(sock, "contacts.blocklist", {}, { timeoutMs: 20 })).toMatchObject({
      ok: false,
      code: "operation_timeout",
    });
  });

  it("refuses an answer that does not match the op's result schema", async () => {
    const sock = { fetchBlocklist: async () => ["x".repeat(300)] };
    expect(await run(sock, "contacts.blocklist", {})).toMatchObject({ ok: false, code: "whatsapp_refused" });
  });
});

describe("Baileys errors as failure words", () => {
  // shaped like Baileys' Booms: WhatsApp's IQ code in `data`, Baileys' own status in `output`
  const iqError = (code: number) => Object.assign(new Error("iq error"), { data: code });
  const baileysError = (statusCode: number) => Object.assign(new Error("closed"), { output: { statusCode } });
  it.each([
    [iqError(404), "not_found"],
    [iqError(401), "forbidden"],
    [iqError(429), "rate_limited"],
    [iqError(500), "whatsapp_refused"],
    [baileysError(408), "operation_timeout"],
    [baileysError(428), "session_not_open"],
  ])("%# → %s", (err, code) => {
    expect(operationFailureOf(err, true).code).toBe(code);
  });

  it("says session_not_open for anything once the session closed", () => {
    expect(operationFailureOf(iqError(404), false).code).toBe("session_not_open");
  });
});
