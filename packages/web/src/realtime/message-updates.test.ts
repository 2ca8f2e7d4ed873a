import { QueryClient, type InfiniteData } from "@tanstack/react-query";
import type { Page } from "@wharf/contracts";
import { beforeEach, describe, expect, it } from "vitest";
import { qk } from "../api/query-keys";
import type { Message } from "../api/types";
import { frame, makeMessage, messageId, sessionId } from "../test/fakes";
import { applyFrame } from "./cache-sync";
import { parseFrame, type Frame } from "./frames";

const S1 = sessionId(1);
const JID = "4917612345678@s.whatsapp.net";
const AT = "2026-01-01T12:00:00.000Z";
const parsed = (type: string, data: unknown): Frame => {
  const f = parseFrame(JSON.stringify(frame(type, S1, data)));
  if (!f) throw new Error(`frame ${type} did not parse`);
  return f;
};
const target = (fromMe: boolean, n = 1) => ({
  chatJid: JID,
  waMessageId: `3EB0${String(n).padStart(12, "0")}`,
  fromMe,
});
const thread = (qc: QueryClient) => qc.getQueryData<InfiniteData<Page<Message>>>(qk.thread(S1, JID))!.pages[0]!.data;

describe("message:updated frames in the cache", () => {
  let qc: QueryClient;
  beforeEach(() => {
    qc = new QueryClient();
    qc.setQueryData(qk.thread(S1, JID), {
      pages: [
        {
          data: [
            makeMessage(2, { sessionId: S1, chatJid: JID, direction: "in", text: "theirs", status: "received" }),
            makeMessage(1, { sessionId: S1, chatJid: JID, direction: "out", text: "mine" }),
          ],
          nextCursor: null,
        },
      ],
      pageParams: [null],
    });
  });

  it("replaces the text of an edited message and marks it edited", () => {
    applyFrame(qc, parsed("message:updated", { change: "edited", ...target(true), text: "mine, fixed", at: AT }));
    expect(thread(qc)[1]).toMatchObject({
      text: "mine, fixed",
      content: { kind: "text", text: "mine, fixed" },
      edited: true,
      editedAt: AT,
    });
    expect(thread(qc)[0]!.text).toBe("theirs");
  });

  it("turns a message deleted for everyone into a tombstone that stays in the thread", () => {
    applyFrame(qc, parsed("message:updated", { change: "deleted", ...target(false, 2), at: AT }));
    expect(thread(qc)).toHaveLength(2);
    expect(thread(qc)[0]).toMatchObject({ id: messageId(2), content: { kind: "deleted" }, text: null, deleted: true });
  });

  it("adds a reaction, replaces the same sender's earlier one and removes it on an empty emoji", () => {
    const anna = "4917612345678@s.whatsapp.net";
    applyFrame(
      qc,
      parsed("message:updated", { change: "reaction", ...target(true), senderJid: anna, emoji: "👍", at: AT }),
    );
    applyFrame(
      qc,
      parsed("message:updated", { change: "reaction", ...target(true), senderJid: null, emoji: "🎉", at: AT }),
    );
    applyFrame(
      qc,
      parsed("message:updated", { change: "reaction", ...target(true), senderJid: anna, emoji: "❤️", at: AT }),
    );
    expect(thread(qc)[1]!.reactions).toEqual([
      { emoji: "🎉", senderJid: null, at: AT },
      { emoji: "❤️", senderJid: anna, at: AT },
    ]);
    applyFrame(
      qc,
      parsed("message:updated", { change: "reaction", ...target(true), senderJid: anna, emoji: "", at: AT }),
    );
    expect(thread(qc)[1]!.reactions).toEqual([{ emoji: "🎉", senderJid: null, at: AT }]);
  });

  it("matches the change by WhatsApp id and direction, so a same-id message of the other side is untouched", () => {
    // the inbound message has waMessageId …2; a change for fromMe …2 targets nothing here
    applyFrame(qc, parsed("message:updated", { change: "deleted", ...target(true, 2), at: AT }));
    expect(thread(qc)[0]!.content.kind).toBe("text");
  });

  it("adds a file's download link once it is stored, without the storage key", () => {
    qc.setQueryData(qk.thread(S1, JID), {
      pages: [
        {
          data: [
            makeMessage(3, {
              sessionId: S1,
              chatJid: JID,
              direction: "in",
              text: null,
              type: "image",
              content: { kind: "image", mimetype: "image/jpeg" },
            }),
          ],
          nextCursor: null,
        },
      ],
      pageParams: [null],
    });
    const media = { mimetype: "image/jpeg", size: 1234, downloadUrl: "https://s3.test/a.jpg", storageKey: "t/s/a" };
    applyFrame(qc, parsed("message:updated", { change: "media", ...target(false, 3), media }));
    const content = thread(qc)[0]!.content;
    expect(content).toMatchObject({ kind: "image", size: 1234, downloadUrl: "https://s3.test/a.jpg" });
    expect(content).not.toHaveProperty("storageKey");
  });

  it("replaces the cached message when the frame carries the whole updated message, and never inserts one", () => {
    const edited = makeMessage(1, {
      sessionId: S1,
      chatJid: JID,
      text: "whole",
      content: { kind: "text", text: "whole" },
      edited: true,
    });
    applyFrame(qc, parsed("message:updated", edited));
    expect(thread(qc)[1]).toMatchObject({ text: "whole", edited: true });
    applyFrame(qc, parsed("message:updated", makeMessage(9, { sessionId: S1, chatJid: JID })));
    expect(thread(qc)).toHaveLength(2);
  });

  it("parses chat:presence frames and drops ones with bad data", () => {
    const ok = parsed("chat:presence", { chatJid: JID, participantJid: JID, state: "composing", at: AT });
    expect(ok).toMatchObject({ type: "chat:presence", data: { state: "composing" } });
    expect(parseFrame(JSON.stringify(frame("chat:presence", S1, { chatJid: JID, state: "dancing" })))).toBeNull();
    expect(parseFrame(JSON.stringify(frame("chat:unknown", S1, {})))).toBeNull();
  });
});
