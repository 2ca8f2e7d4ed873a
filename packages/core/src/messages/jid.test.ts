import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { normalizeRecipient, redactJid, redactPhone } from "./jid";

function issueOf(input: string, field?: string) {
  try {
    normalizeRecipient(input, field);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    const e = err as ValidationError;
    expect(e.code).toBe("validation_failed");
    expect(e.details).toHaveLength(1);
    return e.details![0]!;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe("normalizeRecipient", () => {
  it.each([
    ["+49 151 2345 6789", "4915123456789"],
    ["+1 (415) 555-0100", "14155550100"],
    ["+44-20-7946-0958", "442079460958"],
    ["4915123456789", "4915123456789"],
    ["  31.6.1234.5678  ", "31612345678"],
    ["1234567", "1234567"],
    ["123456789012345", "123456789012345"],
  ])("accepts the phone number %j", (input, phone) => {
    expect(normalizeRecipient(input)).toEqual({ jid: `${phone}@s.whatsapp.net`, kind: "user", phone });
  });

  it("accepts user JIDs, dropping a device suffix and mapping the legacy c.us server", () => {
    expect(normalizeRecipient("4915123456789@s.whatsapp.net")).toEqual({
      jid: "4915123456789@s.whatsapp.net",
      kind: "user",
      phone: "4915123456789",
    });
    expect(normalizeRecipient("4915123456789:12@S.WhatsApp.Net").jid).toBe("4915123456789@s.whatsapp.net");
    expect(normalizeRecipient("4915123456789@c.us").jid).toBe("4915123456789@s.whatsapp.net");
  });

  it("accepts LIDs without pretending they are phone numbers", () => {
    expect(normalizeRecipient("123456789012345@lid")).toEqual({ jid: "123456789012345@lid", kind: "lid" });
    expect(normalizeRecipient("123456789012345:3@lid").jid).toBe("123456789012345@lid");
  });

  it("accepts current and legacy group JIDs", () => {
    expect(normalizeRecipient("120363025246125888@g.us")).toEqual({ jid: "120363025246125888@g.us", kind: "group" });
    expect(normalizeRecipient("4915123456789-1609459200@g.us").kind).toBe("group");
  });

  it.each([
    ["", "required"],
    ["   ", "required"],
    ["+49 151 CALL ME", "invalid_characters"],
    ["abc", "invalid_characters"],
    ["+49+151234567", "invalid_characters"],
    ["49 151 234 567#", "invalid_characters"],
    ["123456", "too_short"],
    ["+1 23-45", "too_short"],
    ["1234567890123456", "too_long"],
    ["+0049 151 2345678", "leading_zero"],
    ["+0151 2345678", "leading_zero"],
    ["0151 2345678", "leading_zero"],
    ["abc@s.whatsapp.net", "invalid_jid"],
    ["+4915123456789@s.whatsapp.net", "invalid_jid"],
    ["@s.whatsapp.net", "invalid_jid"],
    ["12345@s.whatsapp.net", "too_short"],
    ["lid-user@lid", "invalid_jid"],
    ["not a group@g.us", "invalid_jid"],
    ["status@broadcast", "unsupported_server"],
    ["4915123456789@example.com", "unsupported_server"],
  ])("rejects %j with %s", (input, code) => {
    const issue = issueOf(input);
    expect(issue).toMatchObject({ path: "to", code });
    expect(issue.message.length).toBeGreaterThan(5);
  });

  it("names the caller's field in the details", () => {
    expect(issueOf("nope", "body.to").path).toBe("body.to");
  });

  it("rejects a non-string at runtime instead of crashing", () => {
    expect(issueOf(42 as unknown as string).code).toBe("required");
  });
});

describe("redaction for logs", () => {
  it("never shows the full number", () => {
    expect(redactPhone("4915123456789")).toBe("49*********89");
    expect(redactPhone("123")).toBe("***");
    expect(redactJid("4915123456789@s.whatsapp.net")).toBe("49*********89@s.whatsapp.net");
    expect(redactJid("120363025246125888@g.us")).toBe("…@g.us");
  });
});
