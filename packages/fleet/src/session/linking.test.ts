import type { AuthenticationCreds, WASocket } from "@whiskeysockets/baileys";
import type { SessionStatus } from "@wharf/contracts";
import { fixedClock, nextStatus, type SessionEvent } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { LinkingFlow, type LinkingReport } from "./linking";
import type { FleetEventInput } from "./message-events";

function setup(status: SessionStatus = "connecting") {
  const clock = fixedClock("2030-01-01T00:00:00.000Z");
  const events: FleetEventInput[] = [];
  const report: LinkingReport & { status: SessionStatus } = {
    status,
    moveTo: async (event: SessionEvent) => {
      report.status = nextStatus(report.status, event) ?? report.status;
    },
    emit: (e) => events.push(e),
    now: () => clock.now(),
  };
  let creds: Partial<AuthenticationCreds> | null = {};
  const codes: string[] = [];
  const sock = { requestPairingCode: async (phone: string) => (codes.push(phone), "ABCD1234") } as unknown as WASocket;
  const link = (method?: Parameters<LinkingFlow["choose"]>[0]) =>
    new LinkingFlow(report, () => creds as AuthenticationCreds | null, method);
  return {
    report,
    events,
    codes,
    sock,
    link,
    linkPhone: () => (creds = { account: {} as AuthenticationCreds["account"] }),
  };
}

describe("LinkingFlow", () => {
  it("gives the first QR of a socket 60 s and each refresh 20 s, and starts over with a new socket", async () => {
    const t = setup();
    const flow = t.link();
    await flow.onQr("2@a", t.sock);
    await flow.onQr("2@b", t.sock);
    flow.restart();
    await flow.onQr("2@c", t.sock);
    expect(t.report.status).toBe("qr");
    expect(t.events).toEqual([
      { type: "session.qr", data: { qr: "2@a", expiresAt: "2030-01-01T00:01:00.000Z" } },
      { type: "session.qr", data: { qr: "2@b", expiresAt: "2030-01-01T00:00:20.000Z" } },
      { type: "session.qr", data: { qr: "2@c", expiresAt: "2030-01-01T00:01:00.000Z" } },
    ]);
  });

  it("asks for one pairing code per socket when linking by phone, and shows no QR", async () => {
    const t = setup();
    const flow = t.link({ method: "pairing_code", phone: "4915100000001" });
    await flow.onQr("2@a", t.sock);
    await flow.onQr("2@b", t.sock);
    expect(t.codes).toEqual(["4915100000001"]);
    expect(t.report.status).toBe("pairing");
    expect(t.events).toEqual([
      { type: "session.pairing_code", data: { code: "ABCD1234", expiresAt: "2030-01-01T00:03:00.000Z" } },
    ]);
  });

  it("refuses a new link method once the phone is linked", () => {
    const t = setup();
    const flow = t.link();
    expect(flow.choose({ method: "pairing_code", phone: "4915100000001" })).toBe(true);
    t.linkPhone();
    expect(flow.isLinked()).toBe(true);
    expect(flow.choose({ method: "qr" })).toBe(false);
  });

  it("counts a 515 as a step of linking only while a QR or pairing code is on screen", () => {
    const restart = { reason: "restart_required" as const };
    expect(setup("qr").link().completesLink(restart)).toBe(true);
    expect(setup("pairing").link().completesLink(restart)).toBe(true);
    expect(setup("open").link().completesLink(restart)).toBe(false);
    expect(setup("qr").link().completesLink({ reason: "connection_closed" })).toBe(false);
  });
});
