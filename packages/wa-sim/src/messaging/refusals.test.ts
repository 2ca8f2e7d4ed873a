import { describe, expect, it } from "vitest";
import type { Account, InboundRecord, OutboundRecord } from "../state/types";
import type { DecodedMessage } from "./kinds";
import { ACTION_REFUSALS, ackWithheld, ageMessage, refusalFor, withholdAcks } from "./refusals";

const NOW = 1_800_000_000;
const sent = (id: string, kind: "text" | "image", t = NOW): OutboundRecord =>
  ({
    id,
    to: "1",
    chatJid: "1@s.whatsapp.net",
    text: undefined,
    message: {},
    t,
    status: "received",
    decoded: { kind },
  }) as OutboundRecord;
const got = (id: string): InboundRecord =>
  ({ id, from: "1", text: "hi", t: NOW, plaintext: false, status: "delivered", attempts: 1 }) as InboundRecord;
const account = () =>
  ({ received: [sent("MINE", "text"), sent("PIC", "image")], inbox: [got("THEIRS")] }) as unknown as Account;
const act = (kind: DecodedMessage["kind"], targetId: string) => ({ kind, targetId }) as DecodedMessage;

describe("what the simulated server refuses", () => {
  it("lets edits, revokes and reactions of the account's fresh messages through, and other kinds", () => {
    const a = account();
    expect(refusalFor(a, act("edit", "MINE"), NOW + 60)).toBeNull();
    expect(refusalFor(a, act("revoke", "PIC"), NOW + 60)).toBeNull();
    expect(refusalFor(a, act("reaction", "THEIRS"), NOW)).toBeNull();
    expect(refusalFor(a, act("text", "NOPE"), NOW)).toBeNull();
  });

  it("refuses edits after 15 minutes and revokes after 2 days, counted from the target's time", () => {
    const a = account();
    expect(refusalFor(a, act("edit", "MINE"), NOW + 15 * 60 + 1)).toBe(ACTION_REFUSALS.windowPassed);
    expect(refusalFor(a, act("revoke", "MINE"), NOW + 15 * 60 + 1)).toBeNull();
    expect(refusalFor(a, act("revoke", "MINE"), NOW + 2 * 24 * 3600 + 1)).toBe(ACTION_REFUSALS.windowPassed);
    expect(ageMessage(a, "MINE", 16 * 60)).toBe(true);
    expect(refusalFor(a, act("edit", "MINE"), NOW)).toBe(ACTION_REFUSALS.windowPassed);
    expect(ageMessage(a, "NOPE", 1)).toBe(false);
  });

  it("refuses others' messages, non-texts and unknown targets", () => {
    const a = account();
    expect(refusalFor(a, act("edit", "THEIRS"), NOW)).toBe(ACTION_REFUSALS.notOwnMessage);
    expect(refusalFor(a, act("revoke", "THEIRS"), NOW)).toBe(ACTION_REFUSALS.notOwnMessage);
    expect(refusalFor(a, act("edit", "PIC"), NOW)).toBe(ACTION_REFUSALS.notEditable);
    expect(refusalFor(a, act("reaction", "NOPE"), NOW)).toBe(ACTION_REFUSALS.targetNotFound);
    expect(refusalFor(a, act("edit", "NOPE"), NOW)).toBe(ACTION_REFUSALS.targetNotFound);
  });

  it("withholds the acks of the next stanzas on command", () => {
    const a = account();
    expect(ackWithheld(a)).toBe(false);
    withholdAcks(a, 2);
    expect([ackWithheld(a), ackWithheld(a), ackWithheld(a)]).toEqual([true, true, false]);
  });
});
