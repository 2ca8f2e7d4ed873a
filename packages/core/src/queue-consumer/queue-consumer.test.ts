import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConflictError, NotFoundError, ValidationError, WharfError } from "../errors";
import { decodeQueueBody } from "./decode";
import { classifyQueueFailure, deadLetterReason } from "./failure";

const Job = z.object({ tenantId: z.string().min(1), n: z.number().int() }).strict();

describe("decodeQueueBody", () => {
  it("returns the typed value of a body that matches its schema", () => {
    expect(decodeQueueBody('{"tenantId":"ten_1","n":3}', Job)).toEqual({
      ok: true,
      value: { tenantId: "ten_1", n: 3 },
    });
  });

  it("keeps escaped non-ASCII text intact", () => {
    const S = z.object({ text: z.string() });
    expect(decodeQueueBody('{"text":"\\ud83d\\ude00 \\uffff"}', S)).toEqual({ ok: true, value: { text: "😀 \uffff" } });
  });

  it("turns a body that is not JSON into a non-retryable ValidationError", () => {
    const r = decodeQueueBody("{nope", Job, "webhook job");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(ValidationError);
    expect(r.error.retryable).toBe(false);
    expect(r.error.message).toBe("webhook job body is not JSON");
  });

  it("names the failing paths (never the values) of a body that fails its schema", () => {
    const r = decodeQueueBody('{"tenantId":"","n":"secret text","extra":1}', Job, "job");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("validation_failed");
    expect(r.error.message).toMatch(/^invalid job: /);
    expect(r.error.message).not.toContain("secret text");
    expect(r.error.details?.map((d) => d.path)).toEqual(expect.arrayContaining(["body.tenantId", "body.n"]));
  });
});

describe("classifyQueueFailure", () => {
  it("calls a non-retryable WharfError poison", () => {
    expect(classifyQueueFailure(new ValidationError("bad"))).toBe("poison");
    expect(classifyQueueFailure(new NotFoundError("session", "ses_1"))).toBe("poison");
    expect(classifyQueueFailure(new WharfError("internal", "broken for good"))).toBe("poison");
  });

  it("retries a retryable WharfError", () => {
    expect(classifyQueueFailure(new ConflictError("changed concurrently", { retryable: true }))).toBe("retry");
  });

  it("retries anything that is not a WharfError (an outage, a bug a deploy may fix)", () => {
    expect(classifyQueueFailure(new Error("ECONNRESET"))).toBe("retry");
    expect(classifyQueueFailure("thrown string")).toBe("retry");
    expect(classifyQueueFailure(undefined)).toBe("retry");
  });
});

describe("deadLetterReason", () => {
  it("records a WharfError's code and message, and anything else as internal", () => {
    expect(deadLetterReason(new ValidationError("invalid event: body.type"))).toEqual({
      code: "validation_failed",
      message: "invalid event: body.type",
    });
    expect(deadLetterReason(new Error("boom"))).toEqual({ code: "internal", message: "boom" });
  });
});
