import { describe, expect, it } from "vitest";
import { FleetCommand, PlacementMessage, SendTextCommand } from "./commands";
import { FleetEvent, MAX_CONTACTS_PER_EVENT, MessageStatusEvent } from "./events";

const at = "2030-01-01T00:00:00.000Z";
const U = "01JGZ8X7Y3M4N5P6Q7R8S9T0VW";
const meta = { v: 1, tenantId: `ten_${U}`, sessionId: `ses_${U}`, epoch: 2, at };
const event = (type: string, data: unknown) => ({ id: `evt_${U}`, type, ...meta, data });
const command = (type: string, data: unknown) => ({ id: `cmd_${U}`, type, ...meta, data });

function failedPaths(
  schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } },
  input: unknown,
): string[] {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return r.error!.issues.map((i) => i.path.join("."));
}

describe("fleet events", () => {
  it.each([
    ["session.qr", { qr: "https://wa.me/settings/linked_devices#ref,a,b,c,d", expiresAt: at }],
    ["session.pairing_code", { code: "ABCD1234", expiresAt: at }],
    [
      "session.status",
      { status: "failed", disconnect: { code: null, reason: "auth_state_write_failed", message: "x", at } },
    ],
    [
      "session.status",
      {
        status: "open",
        phone: "4915123456789",
        health: { lastConnectedAt: at, lastMessageAt: null, reconnectCount: 2, reconnectsLast5m: 1 },
      },
    ],
    ["session.unstable", { reconnectsLast5m: 4, reconnectCount: 9, lastDisconnect: null }],
    [
      "message.received",
      {
        waMessageId: "3EB0AA",
        chatJid: "1234@lid",
        senderJid: "1234@lid",
        senderPhone: "4915100000001",
        pushName: "Ann",
        sentAt: at,
        content: { kind: "text", text: "hi" },
      },
    ],
    [
      "message.received",
      {
        waMessageId: "3EB0AB",
        chatJid: "4915100000001@s.whatsapp.net",
        senderJid: "4915100000001@s.whatsapp.net",
        senderPhone: null,
        pushName: null,
        sentAt: at,
        content: {
          kind: "image",
          mimetype: "image/jpeg",
          caption: null,
          fileName: null,
          size: 1234,
          durationSeconds: null,
        },
      },
    ],
    ["message.status", { messageId: `msg_${U}`, waMessageId: "3EB0AA", status: "read" }],
    [
      "message.status",
      {
        messageId: `msg_${U}`,
        waMessageId: null,
        status: "failed",
        failure: { code: "daily_cap", message: "cap", retryAfterSeconds: 60 },
      },
    ],
    ["contacts.upsert", { contacts: [{ jid: "1@s.whatsapp.net", lid: null, phone: "1", name: null, notify: "N" }] }],
  ])("parses %s through the FleetEvent union", (type, data) => {
    const e = event(type, data);
    expect(FleetEvent.parse(e)).toEqual(e);
  });

  it.each([
    ["a pairing code of the wrong shape", event("session.pairing_code", { code: "abc", expiresAt: at }), "data.code"],
    ["a QR without expiry", event("session.qr", { qr: "x" }), "data.expiresAt"],
    [
      "an unknown content kind",
      event("message.received", {
        waMessageId: "a",
        chatJid: "c",
        senderJid: "s",
        senderPhone: null,
        pushName: null,
        sentAt: at,
        content: { kind: "hologram" },
      }),
      "data.content.kind",
    ],
    [
      "a delivered status carrying a failure",
      event("message.status", {
        messageId: null,
        waMessageId: "a",
        status: "delivered",
        failure: { code: "x", message: "y" },
      }),
      "data.failure",
    ],
    [
      "a failed status without a reason",
      event("message.status", { messageId: null, waMessageId: "a", status: "failed" }),
      "data.failure",
    ],
    ["an empty contacts list", event("contacts.upsert", { contacts: [] }), "data.contacts"],
    [
      "too many contacts in one event",
      event("contacts.upsert", {
        contacts: Array.from({ length: MAX_CONTACTS_PER_EVENT + 1 }, () => ({
          jid: "j",
          lid: null,
          phone: null,
          name: null,
          notify: null,
        })),
      }),
      "data.contacts",
    ],
  ])("rejects %s", (_name, input, path) => {
    expect(failedPaths(FleetEvent, input)).toContain(path);
  });

  it("keeps the failure rule on the message.status schema itself", () => {
    expect(
      MessageStatusEvent.safeParse(event("message.status", { messageId: null, waMessageId: "a", status: "sent" }))
        .success,
    ).toBe(true);
  });
});

describe("fleet commands", () => {
  it.each([
    ["session.connect", { method: "qr" }],
    ["session.connect", { method: "pairing_code", phone: "4915123456789" }],
    ["session.disconnect", {}],
    ["session.logout", {}],
    ["session.request_qr", {}],
    ["message.send_text", { messageId: `msg_${U}`, to: "+49 151 2345678", text: "hello" }],
  ])("parses %s through the FleetCommand union", (type, data) => {
    const c = command(type, data);
    expect(FleetCommand.parse(c)).toEqual(c);
  });

  it.each([
    ["pairing without a phone", command("session.connect", { method: "pairing_code" }), "data.phone"],
    [
      "a phone with a plus",
      command("session.connect", { method: "pairing_code", phone: "+4915123456789" }),
      "data.phone",
    ],
    ["a phone on a QR connect", command("session.connect", { method: "qr", phone: "4915123456789" }), "data"],
    ["an unknown method", command("session.connect", { method: "carrier_pigeon" }), "data.method"],
    ["an empty text", command("message.send_text", { messageId: `msg_${U}`, to: "1", text: "" }), "data.text"],
    [
      "a send without a Wharf message id",
      command("message.send_text", { messageId: "3EB0AA", to: "1", text: "x" }),
      "data.messageId",
    ],
  ])("rejects %s", (_name, input, path) => {
    expect(failedPaths(FleetCommand, input)).toContain(path);
  });

  it("types the send command's data", () => {
    const c = SendTextCommand.parse(command("message.send_text", { messageId: `msg_${U}`, to: "1", text: "x" }));
    expect(c.data.text).toBe("x");
  });
});

describe("placement messages", () => {
  it("parses a placement with and without a linking method", () => {
    expect(PlacementMessage.parse(command("session.place", { reason: "janitor" })).data.connect).toBeUndefined();
    const p = PlacementMessage.parse(
      command("session.place", { reason: "connect", connect: { method: "pairing_code", phone: "4915123456789" } }),
    );
    expect(p.data.connect).toEqual({ method: "pairing_code", phone: "4915123456789" });
  });

  it("rejects an unknown reason", () => {
    expect(failedPaths(PlacementMessage, command("session.place", { reason: "whim" }))).toContain("data.reason");
  });
});
