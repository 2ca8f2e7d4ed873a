import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  FakeSocket,
  fakeFetch,
  makeChat,
  makeMessage,
  makeSession,
  page,
  realtimeToken,
  sessionId,
} from "../test/fakes";
import { renderApp } from "../test/render-app";

const S = sessionId(1);
const FAMILY = "120363025246125486@g.us";
const ANNA = "4917612345678@s.whatsapp.net";
const BEN = "4915799988877@s.whatsapp.net";
const LID = "123456789012345@lid";

let n = 0;
const fromMember = (from: string, pushName: string | null, text: string, minute: number) =>
  makeMessage(++n, {
    sessionId: S,
    chatJid: FAMILY,
    direction: "in",
    text,
    content: { kind: "text", text },
    status: "received",
    from,
    pushName,
    timestamp: `2026-01-01T10:${String(minute).padStart(2, "0")}:00.000Z`,
  });
const mine = (text: string, minute: number) =>
  makeMessage(++n, {
    sessionId: S,
    chatJid: FAMILY,
    text,
    content: { kind: "text", text },
    timestamp: `2026-01-01T10:${String(minute).padStart(2, "0")}:00.000Z`,
  });

function setup(openJid: string | null, messages = [] as ReturnType<typeof makeMessage>[]) {
  window.location.hash = `#/sessions/${S}/chat${openJid ? `/${encodeURIComponent(openJid)}` : ""}`;
  const session = makeSession(1, { name: "Support", status: "open", phone: "4915123456789" });
  const f = fakeFetch({
    "GET /v1/sessions": page([session]),
    [`GET /v1/sessions/${S}`]: { status: 200, body: session },
    [`GET /v1/sessions/${S}/chats`]: page([
      makeChat(FAMILY, {
        name: null,
        phone: null,
        group: { subject: "Family Trip", participantCount: 5 },
        lastMessageAt: "2026-01-01T10:05:00.000Z",
        lastMessageText: "See you there",
        lastMessageDirection: "in",
      }),
      makeChat(ANNA, { name: "Anna", lastMessageAt: "2026-01-01T09:00:00.000Z", lastMessageText: "Hi" }),
    ]),
    [`GET /v1/sessions/${S}/chats/[^/]+/messages`]: page(messages.slice().reverse()),
    "POST /v1/realtime/tokens": { status: 201, body: realtimeToken() },
  });
  renderApp(f.fetch);
}

describe("group chats", () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("lists a group by its subject with a group avatar and its member count, never its JID", async () => {
    setup(null);
    const list = await screen.findByRole("list", { name: "Conversations" });
    const row = await within(list).findByRole("button", { name: /Family Trip/ });
    expect(row?.textContent).toContain("5 members");
    expect(row?.textContent).not.toContain("120363025246125486");
    const avatar = row.querySelector(".avatar");
    expect(avatar?.classList.contains("avatar--group")).toBe(true);
    expect(avatar?.textContent).toContain("FT");
    // A 1:1 chat keeps a round avatar and no member count.
    const anna = within(list).getByRole("button", { name: /Anna/ });
    expect(anna.querySelector(".avatar")?.classList.contains("avatar--group")).toBe(false);
    expect(anna?.textContent).not.toContain("member");
  });

  it("names the author above each run of incoming messages, by push name or else by number", async () => {
    setup(FAMILY, [
      fromMember(ANNA, "Anna", "Who is driving?", 0),
      fromMember(ANNA, "Anna", "I can take four", 1),
      fromMember(BEN, null, "Me too", 2),
      mine("Great", 3),
      fromMember(ANNA, "Anna", "See you there", 4),
      fromMember(LID, null, "👍", 5),
      {
        ...fromMember(ANNA, "Anna", "Thanks Ben", 6),
        content: {
          kind: "text",
          text: "Thanks Ben",
          quoted: { waMessageId: "3EB0QUOTED", senderJid: BEN, preview: "Me too" },
        },
      },
      fromMember(BEN, "Ben", "No problem", 7),
      // a member known by a LID whose number WhatsApp told: named by that number
      { ...fromMember("20111222333444@lid", null, "Late but coming", 8), fromPhone: "4915755511122" },
    ]);
    const log = await screen.findByRole("log");
    await waitFor(() => expect(FakeSocket.all.length).toBe(1));
    act(() => FakeSocket.latest().open());
    await within(log).findByText("Late but coming");
    const labels = [...log.querySelectorAll(".bubble__sender")].map((e) => e.textContent);
    expect(labels).toEqual(["Anna", "+4915799988877", "Anna", "Unknown member", "Anna", "Ben", "+4915755511122"]);
    const bubbleOf = (text: string) => within(log).getByText(text).closest(".bubble");
    expect(bubbleOf("Who is driving?")?.querySelector(".bubble__sender")?.textContent).toContain("Anna");
    expect(bubbleOf("I can take four")?.querySelector(".bubble__sender")).toBeNull();
    expect(bubbleOf("Great")?.querySelector(".bubble__sender")).toBeNull();
    // A reply quoting a member names that member, not the group.
    const quote = log.querySelector(".quote");
    expect(quote?.querySelector(".quote__author")?.textContent).toBe("Ben");
    // The head shows the subject and the size, not the JID.
    const head = document.querySelector(".chat__thread-head");
    expect(head?.textContent).toContain("Family Trip");
    expect(head?.textContent).toContain("5 members");
    expect(head?.querySelector(".avatar")?.classList.contains("avatar--group")).toBe(true);
  });
});
