import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Session } from "@wharf/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  FakeSocket,
  fakeFetch,
  frame,
  makeSession,
  page,
  realtimeToken,
  sessionId,
  statusData,
} from "../../test/fakes";
import { renderApp } from "../../test/render-app";
import { formatPairingCode, phoneError } from "./hooks";

const S = sessionId(7);

/** A tenant with one unlinked session; connect answers like the API, frames come through FakeSocket. */
function setup(initial: Partial<Session> = {}, extra: Parameters<typeof fakeFetch>[0] = {}) {
  let session = makeSession(7, { name: "Marketing", ...initial });
  const f = fakeFetch({
    ...extra,
    "GET /v1/sessions": page([session]),
    [`GET /v1/sessions/${S}`]: () => ({ status: 200, body: session }),
    [`POST /v1/sessions/${S}/connect`]: () => {
      session = { ...session, status: "connecting" };
      return { status: 202, body: session };
    },
    [`POST /v1/sessions/${S}/disconnect`]: () => {
      session = { ...session, status: "disconnected" };
      return { status: 202, body: session };
    },
    [`GET /v1/sessions/${S}/qr`]: {
      status: 200,
      body: { qr: null, dataUrl: null, pairingCode: null, expiresAt: null },
    },
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
  });
  renderApp(f.fetch);
  return { requests: f.requests };
}

async function openLinkDialog() {
  await screen.findByText("Marketing");
  await waitFor(() => expect(FakeSocket.all.length).toBe(1));
  act(() => FakeSocket.latest().open());
  await userEvent.click(screen.getByRole("button", { name: "Connect Marketing" }));
  return screen.findByRole("dialog", { name: "Link a phone" });
}
const push = (type: string, data: unknown) => act(() => FakeSocket.latest().frame(frame(type, S, data)));

describe("Link dialog", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("starts a QR attempt, draws the QR from a frame and closes itself when the session opens", async () => {
    const { requests } = setup();
    const dialog = await openLinkDialog();
    await waitFor(() => expect(requests.some((r) => r.method === "POST" && r.path.endsWith("/connect"))).toBe(true));
    expect(requests.find((r) => r.path.endsWith("/connect"))!.body).toEqual({ method: "qr" });

    push("connection:qr", {
      qr: "2@ref,noise,identity,adv,1",
      pairingCode: null,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const img = await within(dialog).findByRole("img", { name: /QR code/ });
    expect(img.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
    expect(within(dialog).getByTestId("qr-countdown").textContent).toMatch(/^(0:59|1:00)$/);

    push("connection:status", statusData({ status: "open", phone: "4915123456789" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(await screen.findByText(/Marketing is connected as \+4915123456789/)).toBeTruthy();
  });

  it("shows why an attempt ended, in plain words, with a way to try again", async () => {
    setup();
    const dialog = await openLinkDialog();
    await within(dialog).findByText("Waiting for a QR code…");
    push(
      "connection:status",
      statusData({
        status: "failed",
        lastDisconnect: {
          code: 408,
          reason: "qr_expired",
          message: "The QR code was not scanned in time",
          at: new Date().toISOString(),
        },
      }),
    );
    expect(await within(dialog).findByText(/The QR code was not scanned in time\./)).toBeTruthy();
    expect(within(dialog).getByRole("button", { name: "Try again" })).toBeTruthy();
  });

  it("switches a running QR attempt to a pairing code and shows the 8-character code", async () => {
    const { requests } = setup();
    const dialog = await openLinkDialog();
    push("connection:qr", { qr: "2@ref", pairingCode: null, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await userEvent.click(within(dialog).getByRole("tab", { name: "Pairing code" }));
    await userEvent.type(within(dialog).getByLabelText(/Phone number/), "+49 151 2345 6789");
    await userEvent.click(within(dialog).getByRole("button", { name: "Get pairing code" }));
    await waitFor(() => expect(requests.filter((r) => r.path.endsWith("/connect"))).toHaveLength(2));
    // the QR attempt is stopped first, then the pairing-code attempt starts
    expect(requests.some((r) => r.path.endsWith("/disconnect"))).toBe(true);
    expect(requests.filter((r) => r.path.endsWith("/connect"))[1]!.body).toEqual({
      method: "pairing_code",
      phone: "4915123456789",
    });

    push("connection:qr", {
      qr: null,
      pairingCode: "ABCD1234",
      expiresAt: new Date(Date.now() + 120_000).toISOString(),
    });
    expect((await within(dialog).findByTestId("pairing-code")).textContent).toBe("ABCD-1234");
  });

  it("in sim mode, scans the QR with a virtual phone right from the dialog", async () => {
    const phone = { id: "phone_1", phone: "15550100000", name: "Virtual phone 1", linked: false, online: true };
    const { requests } = setup(
      {},
      {
        "GET /v1/demo": { status: 200, body: { sim: true, phones: [phone] } },
        "POST /v1/demo/phones/phone_1/scan": { status: 200, body: { ...phone, linked: true } },
      },
    );
    const dialog = await openLinkDialog();
    push("connection:qr", {
      qr: "2@ref,noise,identity,adv,1",
      pairingCode: null,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await userEvent.click(await within(dialog).findByRole("button", { name: "Scan with a virtual phone" }));
    await waitFor(() =>
      expect(requests.find((r) => r.path === "/v1/demo/phones/phone_1/scan")?.body).toEqual({
        qr: "2@ref,noise,identity,adv,1",
      }),
    );
  });

  it("in sim mode, types a pairing code on the virtual phone it was requested for", async () => {
    const phone = { id: "phone_1", phone: "15550100000", name: "Virtual phone 1", linked: false, online: true };
    const { requests } = setup(
      {},
      {
        "GET /v1/demo": { status: 200, body: { sim: true, phones: [phone] } },
        "POST /v1/demo/phones/phone_1/pairing-code": { status: 200, body: { ...phone, linked: true } },
      },
    );
    const dialog = await openLinkDialog();
    await userEvent.click(within(dialog).getByRole("tab", { name: "Pairing code" }));
    await userEvent.click(await within(dialog).findByRole("button", { name: "Use this number" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Get pairing code" }));
    push("connection:qr", {
      qr: null,
      pairingCode: "ABCD1234",
      expiresAt: new Date(Date.now() + 120_000).toISOString(),
    });
    await userEvent.click(await within(dialog).findByRole("button", { name: "Type the code on a virtual phone" }));
    await waitFor(() =>
      expect(requests.find((r) => r.path === "/v1/demo/phones/phone_1/pairing-code")?.body).toEqual({
        code: "ABCD1234",
      }),
    );
  });

  it("offers no virtual phone outside sim mode", async () => {
    setup();
    const dialog = await openLinkDialog();
    push("connection:qr", { qr: "2@ref", pairingCode: null, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await within(dialog).findByRole("img", { name: /QR code/ });
    expect(within(dialog).queryByRole("button", { name: /virtual phone/ })).toBeNull();
  });

  it("checks the phone number before asking the server", async () => {
    const { requests } = setup();
    const dialog = await openLinkDialog();
    await userEvent.click(within(dialog).getByRole("tab", { name: "Pairing code" }));
    await userEvent.type(within(dialog).getByLabelText(/Phone number/), "0151 234567");
    await userEvent.click(within(dialog).getByRole("button", { name: "Get pairing code" }));
    expect(await within(dialog).findByText(/Start with the country code/)).toBeTruthy();
    expect(requests.filter((r) => r.path.endsWith("/connect"))).toHaveLength(1);
  });
});

describe("link helpers", () => {
  it("validates phone numbers like the API", () => {
    expect(phoneError("+49 (151) 2345-6789")).toBeNull();
    expect(phoneError("")).toMatch(/Enter/);
    expect(phoneError("12345")).toMatch(/too short/);
    expect(phoneError("1234567890123456")).toMatch(/too long/);
    expect(phoneError("+49 151 CALL")).toMatch(/digits only/);
  });

  it("groups an 8-character pairing code for reading", () => {
    expect(formatPairingCode("abcd1234")).toBe("ABCD-1234");
  });
});
