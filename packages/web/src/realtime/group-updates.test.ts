import { type InfiniteData, QueryClient } from "@tanstack/react-query";
import type { Page } from "@wharf/contracts";
import { describe, expect, it } from "vitest";
import { qk } from "../api/query-keys";
import type { Chat } from "../api/types";
import { frame, makeChat, sessionId } from "../test/fakes";
import { applyFrame } from "./cache-sync";
import { parseFrame } from "./frames";

const S = sessionId(1);
const GROUP = "120363025246125486@g.us";
const ANNA = "4917612345678@s.whatsapp.net";
const snapshot = (subject: string, members: string[]) => ({
  subject,
  description: null,
  owner: null,
  createdAt: null,
  announce: false,
  restrict: false,
  participantCount: members.length,
  participants: members.map((jid) => ({ jid, phone: jid.split("@")[0]!, admin: null })),
});
const groupFrame = (event: string, group: ReturnType<typeof snapshot> | null) => {
  const f = parseFrame(
    JSON.stringify(
      frame("group:updated", S, { event, groupJid: GROUP, by: { jid: null, phone: null, fromMe: false }, group }),
    ),
  );
  if (!f) throw new Error("group:updated did not parse");
  return f;
};
const chats = (qc: QueryClient) =>
  qc.getQueryData<InfiniteData<Page<Chat>, unknown>>(qk.chats(S))?.pages.flatMap((p) => p.data) ?? [];

function seeded() {
  const qc = new QueryClient();
  qc.setQueryData(qk.chats(S), {
    pages: [
      { data: [makeChat(GROUP, { group: { subject: "Old", participantCount: 2 } }), makeChat(ANNA)], nextCursor: null },
    ],
    pageParams: [null],
  });
  return qc;
}

describe("group:updated frames", () => {
  it("give the listed group chat its new subject and member count, and an open group panel the snapshot", () => {
    const qc = seeded();
    qc.setQueryData(qk.group(S, GROUP), { ...snapshot("Old", [ANNA]), jid: GROUP });
    applyFrame(
      qc,
      groupFrame(
        "group.subject_changed",
        snapshot("Family Trip", [ANNA, "4915799988877@s.whatsapp.net", "491700000001@s.whatsapp.net"]),
      ),
    );
    expect(chats(qc).find((c) => c.jid === GROUP)?.group).toEqual({ subject: "Family Trip", participantCount: 3 });
    expect(chats(qc).find((c) => c.jid === ANNA)?.group).toBeUndefined();
    expect(qc.getQueryData<{ subject: string }>(qk.group(S, GROUP))?.subject).toBe("Family Trip");
    expect(qc.getQueryState(qk.chats(S))?.isInvalidated).toBe(false);
  });

  it("refetch the list when the frame has no snapshot (the account left)", () => {
    const qc = seeded();
    applyFrame(qc, groupFrame("group.left", null));
    expect(qc.getQueryState(qk.chats(S))?.isInvalidated).toBe(true);
  });
});
