import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Message } from "../api/types";
import {
  FakeSocket,
  fakeFetch,
  frame,
  makeChat,
  makeMessage,
  makeSession,
  messageId,
  page,
  realtimeToken,
  sessionId,
} from "../test/fakes";
import { FakeXhr } from "../test/fake-xhr";
import { threadLive } from "../test/chat-thread";
import { renderApp } from "../test/render-app";

const S = sessionId(1);
const ANNA = "4917612345678@s.whatsapp.net";
const SENT_ID = messageId(50);
const STORED_URL = "http://127.0.0.1:4002/wharf-media/tenants/t/media/med_1?X-Amz-Signature=abc";

/** The sent photo as the server stores it: its file has a presigned GET URL. */
const stored: Message = makeMessage(50, {
  sessionId: S,
  chatJid: ANNA,
  type: "image",
  text: "Receipt",
  status: "sent",
  content: { kind: "image", mimetype: "image/png", size: 2048, caption: "Receipt", downloadUrl: STORED_URL },
});

function setup(getStored: { status: number; body: unknown }) {
  window.location.hash = `#/sessions/${S}/chat/${encodeURIComponent(ANNA)}`;
  const session = makeSession(1, { name: "Support", status: "open", phone: "4915123456789" });
  const f = fakeFetch({
    "GET /v1/sessions": page([session]),
    [`GET /v1/sessions/${S}`]: { status: 200, body: session },
    [`GET /v1/sessions/${S}/chats`]: page([makeChat(ANNA, { name: "Anna" })]),
    [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page([]),
    [`GET /v1/sessions/${S}/messages/${SENT_ID}`]: getStored,
    "POST /v1/media": {
      status: 201,
      body: {
        mediaId: "med_01JD8K3V7Q0000000000000001",
        uploadUrl: "http://127.0.0.1:4002/wharf-media/upload?X-Amz-Signature=sig",
        method: "PUT",
        headers: { "Content-Type": "image/png" },
        expiresAt: "2026-01-01T11:00:00.000Z",
      },
    },
    [`POST /v1/sessions/${S}/messages`]: { status: 202, body: { id: SENT_ID, status: "queued" } },
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
  });
  renderApp(f.fetch);
  return f;
}

/** Picks a photo, sends it with a caption, lets the upload finish; resolves once the send was posted. */
async function sendPhoto(requests: ReturnType<typeof fakeFetch>["requests"]) {
  await threadLive();
  const png = new File([new Uint8Array(2048)], "receipt.png", { type: "image/png" });
  await userEvent.upload(screen.getByLabelText("Attach a file", { selector: "input" }) as HTMLInputElement, png);
  await userEvent.type(screen.getByLabelText("Caption", { selector: "textarea" }), "Receipt{Enter}");
  await waitFor(() => expect(FakeXhr.all).toHaveLength(1));
  act(() => FakeXhr.all[0]!.respond(200));
  await waitFor(() => expect(requests.some((r) => r.method === "POST" && r.path.endsWith("/messages"))).toBe(true));
}

const sentImage = () => screen.getByRole("log").querySelector(`[data-message-id="${SENT_ID}"] img`) as HTMLImageElement;

describe("a sent file's local preview", () => {
  let revoked: string[];
  let created: string[];
  beforeEach(() => {
    created = [];
    FakeSocket.all = [];
    FakeXhr.all = [];
    revoked = [];
    vi.stubGlobal("WebSocket", FakeSocket);
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    vi.spyOn(URL, "createObjectURL").mockImplementation(() => {
      created.push(`blob:http://dashboard.test/preview-${created.length + 1}`);
      return created.at(-1)!;
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation((url) => void revoked.push(url));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("gives way to the stored message's downloadUrl once the send is accepted, and the object URL is revoked", async () => {
    const f = setup({ status: 200, body: stored });
    await sendPhoto(f.requests);
    await waitFor(() => expect(sentImage().getAttribute("src")).toBe(STORED_URL));
    // every object URL made (the composer's attachment thumbnail and the bubble's preview) is revoked
    expect(created).toHaveLength(2);
    expect(revoked.sort()).toEqual([...created].sort());
    expect(screen.getByRole("log").querySelector('img[src^="blob:"]')).toBeNull();
  });

  it("stays until the stored copy arrives (here by a realtime frame when the look-up failed), then is revoked", async () => {
    const f = setup({ status: 503, body: { error: { code: "unavailable", message: "try later" } } });
    await sendPhoto(f.requests);
    await waitFor(() =>
      expect(f.requests.some((r) => r.method === "GET" && r.path.endsWith(`/messages/${SENT_ID}`))).toBe(true),
    );
    await waitFor(() => expect(sentImage().getAttribute("src")).toMatch(/^blob:/));
    const preview = sentImage().getAttribute("src")!;
    expect(revoked).not.toContain(preview);

    act(() => FakeSocket.latest().frame(frame("message:new", S, stored)));
    await waitFor(() => expect(sentImage().getAttribute("src")).toBe(STORED_URL));
    expect(revoked).toContain(preview);
  });
});
