import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { checkPhones, contactJidOf } from "./contacts";

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).details?.map((d) => [d.path, d.code]);
  }
  throw new Error("did not throw");
}

describe("contact verbs' input", () => {
  it("normalizes a batch of numbers to E.164 digits, in order", () => {
    expect(checkPhones({ phones: ["+49 151 2345 6789", "4915100000001"] })).toEqual(["4915123456789", "4915100000001"]);
  });

  it("names every bad number of a batch with its index and a machine code", () => {
    expect(issuesOf(() => checkPhones({ phones: ["4915100000001", "12", "1@s.whatsapp.net", "abc"] }))).toEqual([
      ["body.phones.1", "too_short"],
      ["body.phones.2", "invalid_phone"],
      ["body.phones.3", "invalid_characters"],
    ]);
  });

  it("takes a contact as phone or user/LID JID, never a group", () => {
    expect(contactJidOf("+49 151 0000 0001")).toBe("4915100000001@s.whatsapp.net");
    expect(contactJidOf("123456@lid")).toBe("123456@lid");
    expect(issuesOf(() => contactJidOf("120363000000000001@g.us"))).toEqual([["path.jid", "not_a_contact"]]);
    expect(issuesOf(() => contactJidOf("x@example.com"))).toEqual([["path.jid", "unsupported_server"]]);
  });
});
